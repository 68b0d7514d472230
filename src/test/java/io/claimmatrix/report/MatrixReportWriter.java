package io.claimmatrix.report;

import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Leaves the matrix a test class measured under {@code -Dclaimmatrix.reportDir} (the pom passes
 * {@code target/claim-matrix}) in every report format: {@code matrix.json}, {@code matrix.md}, {@code matrix.html},
 * {@code matrix.txt}. Register it in the test class and {@link #add} each variant's result.
 */
public final class MatrixReportWriter implements AfterAllCallback {

    public static final String DIR_PROPERTY = "claimmatrix.reportDir";

    private static final Map<String, String> EXTENSIONS = Map.of("table", "txt", "markdown", "md", "json", "json", "html", "html");

    private final Harness.Settings settings;
    private final List<VariantResult> results = Collections.synchronizedList(new ArrayList<>());

    public MatrixReportWriter(Harness.Settings settings) {
        this.settings = settings;
    }

    public void add(VariantResult result) {
        results.add(result);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank() || results.isEmpty()) {
            return;
        }
        var db = TestDatabase.get();
        List<VariantResult> sorted = results.stream().sorted(Comparator.comparing(VariantResult::name)).toList();
        MatrixResult matrix = new MatrixResult(MatrixRunner.serverVersion(db), db.mode(), settings, sorted);
        Path out = Files.createDirectories(Path.of(dir));
        for (Format f : Format.values()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            Files.writeString(out.resolve("matrix." + EXTENSIONS.getOrDefault(name, name)), f.render(matrix), StandardCharsets.UTF_8);
        }
    }
}

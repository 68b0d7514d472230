package io.claimmatrix.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ExpectedMatrix;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A matrix recorded earlier with {@code --format json} or {@code --format markdown} (e.g. docs/matrix.md), read back
 * for {@code --expect}: the verdict each variant got then, under each statistics condition, becomes the verdict it
 * must get now. A record without statistics (made before they were a run condition) stands for fresh statistics.
 *
 * @param verdicts {@code name [condition]} (e.g. {@code seed [fresh]}) to verdict
 */
record RecordedMatrix(Path file, Map<String, Verdict> verdicts) {

    static RecordedMatrix read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read --expect " + file + ": " + e.getMessage());
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        if (text.stripLeading().startsWith("{")) {
            readJson(file, text, verdicts);
        } else {
            // A Markdown report (--format markdown, e.g. docs/matrix.md): its "Every variant" table.
            ExpectedMatrix.parse(text).rows().forEach((name, rows) -> rows.forEach(row ->
                    row.statistics().forEach(c -> verdicts.put(key(name, c), row.verdict()))));
            if (verdicts.isEmpty()) {
                throw new BadInputException("--expect " + file + " is neither a JSON report (--format json) nor a Markdown report "
                        + "(--format markdown) with an \"" + ExpectedMatrix.TABLE_HEADING + "\" table");
            }
        }
        return new RecordedMatrix(file, verdicts);
    }

    private static void readJson(Path file, String text, Map<String, Verdict> verdicts) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new BadInputException("--expect " + file + " is not valid JSON: " + Main.oneLine(e));
        }
        JsonNode variants = root == null ? null : root.get("variants");
        if (variants == null || !variants.isArray()) {
            throw new BadInputException("--expect " + file + " has no \"variants\" list (record one with --format json)");
        }
        int i = 0;
        for (JsonNode v : variants) {
            i++;
            String name = v.path("name").asText("");
            String verdict = v.path("verdict").asText("");
            try {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("no name");
                }
                Verdict parsed = Verdict.valueOf(verdict.toUpperCase(Locale.ROOT));
                String conditions = v.path("statistics").asText("fresh");
                for (Statistics c : Statistics.fromLabel(conditions)) {
                    verdicts.put(key(name, c), parsed);
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--expect " + file + ": variant #" + i + " needs a \"name\" and a \"verdict\" (got '"
                        + name + "', '" + verdict + "')");
            }
        }
    }

    /** The result held to the recorded verdict instead of its own expectation; unchanged when not recorded. */
    VariantResult apply(VariantResult v) {
        Verdict recorded = verdicts.get(key(v.name(), v.statistics().get(0)));
        if (recorded == null) {
            return v;
        }
        return v.expecting(recorded, "recorded in " + file.getFileName());
    }

    /** Whether the record has a verdict for this result. */
    boolean records(VariantResult v) {
        return verdicts.containsKey(key(v.name(), v.statistics().get(0)));
    }

    static String key(String name, Statistics condition) {
        return name + " [" + condition.code + "]";
    }
}

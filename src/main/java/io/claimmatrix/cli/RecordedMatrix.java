package io.claimmatrix.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ExpectedMatrix;
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
 * for {@code --expect}: the verdict each variant got then becomes the verdict it must get now.
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
            ExpectedMatrix.parse(text).rows().forEach((name, row) -> verdicts.put(name, row.verdict()));
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
                verdicts.put(name, Verdict.valueOf(verdict.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--expect " + file + ": variant #" + i + " needs a \"name\" and a \"verdict\" (got '"
                        + name + "', '" + verdict + "')");
            }
        }
    }

    /** The result held to the recorded verdict instead of its own expectation; unchanged when not recorded. */
    VariantResult apply(VariantResult v) {
        Verdict recorded = verdicts.get(v.name());
        if (recorded == null) {
            return v;
        }
        return new VariantResult(v.name(), v.aliases(), v.dimensions(), v.isolation(), v.fixture(), v.verdict(), v.committedClaims(),
                v.committedDuplicates(), v.abortedClaims(), v.abortsBySqlState(), v.missedAccounts(), v.ineligibleClaims(),
                v.verdictsByFixture(), v.rounds(), v.workers(), v.claimsPerSecond(), v.elapsedMillis(), v.rejection(), v.evidence(), v.reason(), v.sql(),
                recorded, "recorded in " + file.getFileName());
    }
}

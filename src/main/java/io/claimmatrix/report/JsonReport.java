package io.claimmatrix.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code {"postgres": {"version", "mode"}, "settings": {...}, "variants": [{"name", "isolation", "verdict", ...}]}}:
 * stable field names for scripts and CI gates.
 */
public final class JsonReport {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(MatrixResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> postgres = new LinkedHashMap<>();
        postgres.put("version", result.postgresVersion());
        postgres.put("mode", result.mode());
        root.put("postgres", postgres);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("workers", result.settings().workers());
        settings.put("rounds", result.settings().rounds());
        settings.put("fixture", result.settings().fixture().name());
        settings.put("accounts", result.settings().fixture().accounts().size());
        root.put("settings", settings);
        root.put("variants", result.variants().stream().map(JsonReport::variant).toList());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One variant as the JSON report writes it; the HTML report's data starts from the same map. */
    static Map<String, Object> variant(VariantResult v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("aliases", v.aliases());
        m.put("isolation", v.isolation());
        m.put("fixture", v.fixture());
        m.put("verdict", v.verdict().name());
        m.put("verdictsByFixture", v.verdictsByFixture());
        m.put("expectedVerdict", v.expectedVerdict() == null ? null : v.expectedVerdict().name());
        m.put("committedClaims", v.committedClaims());
        m.put("committedDuplicates", v.committedDuplicates());
        m.put("abortedClaims", v.abortedClaims());
        m.put("abortsBySqlState", v.abortsBySqlState());
        m.put("missedAccounts", v.missedAccounts());
        m.put("ineligibleClaims", v.ineligibleClaims());
        m.put("rounds", v.rounds());
        m.put("workers", v.workers());
        m.put("claimsPerSecond", v.claimsPerSecond());
        m.put("elapsedMillis", v.elapsedMillis());
        m.put("rejection", v.rejection());
        m.put("evidence", v.evidence());
        m.put("reason", v.reason());
        m.put("sql", v.sql());
        return m;
    }

    /** Reads back the verdicts of a JSON report: variant name to verdict. */
    public static Map<String, String> verdicts(String json) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (var node : MAPPER.readTree(json).path("variants")) {
                out.put(node.path("name").asText(), node.path("verdict").asText());
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}

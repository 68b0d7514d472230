package io.claimmatrix.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.run.VariantResult;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code {"postgres": {"version", "mode"}, "settings": {...}, "models": {...}, "variants": [{"name", "statistics",
 * "verdict", ...}]}}: stable field names for scripts and CI gates. One entry of {@code variants} per result: a variant
 * under one statistics condition, or under both ({@code "statistics": "fresh, stale"}) when it ran once because its
 * claim plans the same under both. {@code compare} and {@code --expect} read back {@code name}, {@code verdict} and
 * {@code statistics} (a report without {@code statistics} was measured under fresh statistics).
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
        if (result.variants().stream().anyMatch(v -> QueueModel.SEED.equals(v.model()))) {
            // The seed's generated accounts: a setting of the seed model only.
            settings.put("fixture", result.settings().fixture().name());
            settings.put("accounts", result.settings().fixture().accounts().size());
        }
        // null: each model's own (fixture.sql's -- items:, claimable.sql's -- statistics:), given per model below.
        settings.put("items", result.settings().fixtures().items());
        settings.put("statistics", result.settings().statistics() == null ? null : Statistics.label(result.settings().statistics()));
        root.put("settings", settings);
        Map<String, Object> models = new LinkedHashMap<>();
        for (String name : result.variants().stream().map(VariantResult::model).distinct().toList()) {
            ModelInfo info = ModelInfo.of(name, result);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("description", info.description());
            m.put("items", info.items());
            m.put("groups", info.groups());
            m.put("lease", info.lease() == null ? null : Timeouts.format(info.lease()));
            List<Statistics> conditions = info.statisticsIn(result.settings());
            m.put("statistics", conditions == null ? null : Statistics.label(conditions));
            models.put(name, m);
        }
        root.put("models", models);
        root.put("variants", result.variants().stream().map(JsonReport::variant).toList());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One result as the JSON report writes it; the HTML report's data starts from the same map. */
    static Map<String, Object> variant(VariantResult v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("aliases", v.aliases());
        m.put("description", v.description());
        m.put("model", v.model());
        m.put("statistics", v.statisticsLabel());
        m.put("isolation", v.isolation());
        m.put("fixture", v.fixture());
        m.put("batch", v.batch());
        m.put("verdict", v.verdict().name());
        m.put("verdictsByFixture", v.verdictsByFixture());
        m.put("expectedVerdict", v.expectedVerdict() == null ? null : v.expectedVerdict().name());
        m.put("expectedWhy", v.expectedWhy());
        m.put("expectedWhenRaced", v.expectedWhenRaced() == null ? null : v.expectedWhenRaced().name());
        m.put("committedClaims", v.committedClaims());
        m.put("committedDuplicates", v.committedDuplicates());
        m.put("groupDuplicates", v.groupDuplicates());
        m.put("overclaims", v.overclaims());
        m.put("largestClaim", v.tally().largestClaim());
        m.put("silentMisses", v.silentMisses());
        m.put("missedItems", v.missedItems());
        m.put("ineligibleClaims", v.ineligibleClaims());
        m.put("leaseRedeliveries", v.tally().leaseRedeliveries());
        m.put("abortedClaims", v.abortedClaims());
        m.put("abortsBySqlState", v.abortsBySqlState());
        m.put("rounds", v.rounds());
        m.put("workers", v.workers());
        m.put("claimsPerSecond", v.claimsPerSecond());
        m.put("elapsedMillis", v.elapsedMillis());
        m.put("rejection", v.rejection());
        m.put("evidence", v.evidence());
        m.put("reason", v.reason());
        m.put("search", search(v.search()));
        m.put("prediction", prediction(v));
        m.put("sql", v.sql());
        m.put("plans", ResultText.plansByCode(v));
        return m;
    }

    /** The verdict predicted before the run, its rule, reason and fix, and whether the measurement agrees; {@code null} when none. */
    static Map<String, Object> prediction(VariantResult v) {
        if (v.prediction() == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", v.prediction().verdict().name());
        m.put("rule", v.prediction().rule());
        m.put("reason", v.prediction().reason());
        m.put("fix", v.prediction().fix());
        m.put("agrees", v.predictionAgrees());
        return m;
    }

    /**
     * Reads back the verdicts of a JSON report: variant name to verdict (of a variant measured under each statistics
     * condition, the last result's; {@link VersionComparison#read} keys them by name and condition).
     */
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


    /** The search's outcome, or null when the run did not search. */
    static Map<String, Object> search(io.claimmatrix.run.SearchOutcome o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bound", o.bound());
        m.put("implied", o.implied().name());
        m.put("agrees", o.agrees());
        m.put("why", o.why());
        m.put("broken", o.broken());
        m.put("evidence", o.evidence());
        m.put("holds", o.holds());
        m.put("explored", o.explored());
        m.put("pruned", o.pruned());
        m.put("millis", o.millis());
        m.put("exhausted", o.exhausted());
        return m;
    }
}

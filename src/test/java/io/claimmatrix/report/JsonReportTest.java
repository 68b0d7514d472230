package io.claimmatrix.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmatrix.model.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON report: every field of a result under a stable name, the run's settings and its models. */
class JsonReportTest {

    private static JsonNode render(io.claimmatrix.run.MatrixRunner.MatrixResult r) throws Exception {
        return new ObjectMapper().readTree(JsonReport.render(r));
    }

    @Test
    void everyFieldOfAResultUnderAStableName() throws Exception {
        JsonNode root = render(ReportSamples.all());
        JsonNode stale = null;
        for (JsonNode v : root.path("variants")) {
            if (v.path("name").asText().equals("jobs.in-subquery.rc") && v.path("statistics").asText().equals("stale")) {
                stale = v;
            }
        }

        assertThat(stale).isNotNull();
        List<String> fields = new ArrayList<>();
        stale.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("name", "aliases", "description", "model", "statistics", "isolation", "fixture", "batch", "verdict",
                "verdictsByFixture", "expectedVerdict", "expectedWhy", "expectedWhenRaced", "committedClaims", "committedDuplicates", "groupDuplicates",
                "overclaims", "largestClaim", "silentMisses", "missedItems", "ineligibleClaims", "leaseRedeliveries", "abortedClaims",
                "abortsBySqlState", "rounds", "workers", "claimsPerSecond", "elapsedMillis", "rejection", "evidence", "reason", "search", "prediction", "sql", "plans");
        assertThat(stale.path("prediction").path("verdict").asText()).isEqualTo("OVERCLAIM");
        assertThat(stale.path("prediction").path("rule").asText()).isEqualTo("unfenced-limit");
        assertThat(stale.path("prediction").path("fix").asText()).isEqualTo("fence the locking subquery in a CTE");
        assertThat(stale.path("prediction").path("agrees").asBoolean()).isTrue();
        assertThat(stale.path("model").asText()).isEqualTo("jobs");
        assertThat(stale.path("verdict").asText()).isEqualTo("OVERCLAIM");
        assertThat(stale.path("batch").asInt()).isEqualTo(1);
        assertThat(stale.path("overclaims").asInt()).isEqualTo(3);
        assertThat(stale.path("largestClaim").asInt()).isEqualTo(100);
        assertThat(stale.path("expectedVerdict").isNull()).isTrue();
        // Plans by condition, fresh first, as EXPLAIN lines.
        List<String> conditions = new ArrayList<>();
        stale.path("plans").fieldNames().forEachRemaining(conditions::add);
        assertThat(conditions).containsExactly("fresh", "stale");
        assertThat(stale.path("plans").path("stale").get(1).asText()).isEqualTo("  ->  Nested Loop Semi Join");
        // The search's outcome beside the soak's verdict, every field under its own name.
        JsonNode search = stale.path("search");
        List<String> searchFields = new ArrayList<>();
        search.fieldNames().forEachRemaining(searchFields::add);
        assertThat(searchFields).containsExactly("bound", "implied", "agrees", "why", "broken", "evidence", "holds", "explored",
                "pruned", "millis", "exhausted");
        assertThat(search.path("implied").asText()).isEqualTo("OVERCLAIM");
        assertThat(search.path("agrees").asBoolean()).isTrue();
        assertThat(search.path("broken").path("over-claim").asText()).isEqualTo("s1begin s1claim s1commit");
        assertThat(search.path("explored").asLong()).isEqualTo(12);
        assertThat(search.path("pruned").asLong()).isEqualTo(30);

        JsonNode cte = root.path("variants").get(root.path("variants").size() - 1);
        assertThat(cte.path("statistics").asText()).isEqualTo("fresh, stale");
        assertThat(cte.path("groupDuplicates").asInt()).isEqualTo(2);
        assertThat(cte.path("leaseRedeliveries").asInt()).isEqualTo(4);
        assertThat(cte.path("expectedVerdict").asText()).isEqualTo("SAFE");
        assertThat(cte.path("expectedWhy").asText()).startsWith("measured 5 times");
        assertThat(cte.path("search").isNull()).as("not searched: null, under its name").isTrue();
        JsonNode ser = root.path("variants").get(5);
        assertThat(ser.path("name").asText() + " " + ser.path("statistics").asText()).isEqualTo("jobs.in-subquery.ser fresh");
        assertThat(ser.path("silentMisses").asInt()).isEqualTo(2);
        assertThat(ser.path("prediction").path("agrees").asBoolean()).isFalse();
        assertThat(cte.path("prediction").isNull()).isTrue();
        assertThat(ser.path("missedItems").asInt()).isEqualTo(5);
        assertThat(ser.path("ineligibleClaims").asInt()).isEqualTo(1);
    }

    @Test
    void settingsSayTheItemsAndStatisticsAndModelsTheirOwn() throws Exception {
        JsonNode own = render(ReportSamples.all());
        JsonNode both = render(ReportSamples.matrix(ReportSamples.jobs(), List.of(Statistics.FRESH, Statistics.STALE)));

        assertThat(own.path("settings").path("items").isNull()).as("each model's own size").isTrue();
        assertThat(own.path("settings").path("statistics").isNull()).as("each model's own conditions").isTrue();
        assertThat(own.path("models").path("jobs").path("items").asInt()).isEqualTo(100);
        assertThat(own.path("models").path("jobs").path("statistics").asText()).isEqualTo("fresh, stale");
        assertThat(own.path("models").path("jobs").path("groups").asBoolean()).isFalse();
        assertThat(own.path("models").path("jobs").path("description").asText()).startsWith("One table of jobs");
        assertThat(own.path("models").path("seed").path("statistics").asText()).isEqualTo("fresh");
        assertThat(both.path("settings").path("statistics").asText()).isEqualTo("fresh, stale");
        // The seed's generated accounts are a setting of runs that hold the seed model, not of a jobs queue's.
        assertThat(own.path("settings").path("accounts").asInt()).isPositive();
        assertThat(both.path("settings").has("accounts")).as("settings of a run without the seed: %s", both.path("settings")).isFalse();
        assertThat(both.path("settings").has("fixture")).isFalse();
    }
}

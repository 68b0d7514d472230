package io.claimmatrix.report;

import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;

import java.time.Duration;
import java.util.List;

/**
 * What the reports say about a result's queue model: the run's model of that name (a {@code --queue} directory's, or
 * a built-in one), its fields {@code null} when the report was read back without its models.
 *
 * @param description  the model's description ({@code -- description:} of claimable.sql), or {@code null}
 * @param items        the size its fixture was loaded at (the seed: its accounts), or {@code null}
 * @param groups       whether it has groups.sql (group duplicates can happen), or {@code null}
 * @param lease        its lease, or {@code null} (none, or unknown)
 * @param statistics   the conditions it is measured under when the run does not say, or {@code null}
 * @param claimableSql claimable.sql's query, or {@code null}
 */
record ModelInfo(String name, String description, Integer items, Boolean groups, Duration lease, List<Statistics> statistics,
                 String claimableSql) {

    static ModelInfo of(String name, MatrixRunner.MatrixResult result) {
        Harness.Settings settings = result.settings();
        String model = name == null ? QueueModel.SEED : name;
        QueueModel q = result.model(model);
        Integer items = model.equals(QueueModel.SEED) ? Integer.valueOf(settings.fixture().accounts().size())
                : settings.fixtures().items() != null ? settings.fixtures().items()
                : q == null ? null : Integer.valueOf(q.defaultItems());
        if (q == null) {
            return new ModelInfo(model, null, items, null, null, null, null);
        }
        return new ModelInfo(model, q.description(), items, q.groups().isPresent(), q.lease().orElse(null),
                q.defaultStatistics(), withoutHeader(q.claimable().sql()));
    }

    /** The conditions its results were measured under: the run's, else the model's own, else {@code null}. */
    List<Statistics> statisticsIn(Harness.Settings settings) {
        return settings.statistics() != null ? settings.statistics() : statistics;
    }

    /** The query without the file's header comments (name, description, ...: said elsewhere). */
    private static String withoutHeader(String sql) {
        List<String> lines = new java.util.ArrayList<>(sql.strip().lines().toList());
        while (!lines.isEmpty() && (lines.get(0).strip().startsWith("--") || lines.get(0).isBlank())) {
            lines.remove(0);
        }
        return String.join("\n", lines);
    }


}

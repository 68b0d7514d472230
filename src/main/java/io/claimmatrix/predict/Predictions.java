package io.claimmatrix.predict;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.StrategyCheck;
import io.claimmatrix.run.Verdict;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Predictions for many strategies, each beside the verdict recorded for it (its measured expectation), if any. */
public final class Predictions {

    /**
     * One variant under one condition.
     *
     * @param recorded the verdict the variant is held to under that condition, or {@code null} (none recorded)
     * @param facts    what the prediction was read from
     */
    public record Row(String variant, String model, String isolation, Statistics statistics, Prediction prediction, Verdict recorded,
                      Facts facts) {

        public boolean agrees() {
            return prediction.agrees(recorded);
        }
    }

    private Predictions() {
    }

    /** Predicts every strategy under each condition, one model schema (and one session) per model at a time. */
    public static List<Row> of(DatabaseTarget target, ModelCatalogue models, List<ClaimStrategy<?>> strategies, FixtureSettings fixtures,
                               List<Statistics> conditions) throws SQLException {
        Map<String, List<ClaimStrategy<?>>> byModel = new LinkedHashMap<>();
        strategies.forEach(s -> byModel.computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<ClaimStrategy<?>>> e : byModel.entrySet()) {
            try (ModelSchema schema = ModelSchema.create(target.jdbcUrl(), target.user(), target.password(), models.get(e.getKey()), fixtures)) {
                StrategyCheck.check(schema, e.getValue());
                try (Predictor predictor = Predictor.open(schema, fixtures)) {
                    Map<String, List<Facts>> facts = predictor.facts(e.getValue());
                    for (ClaimStrategy<?> s : e.getValue()) {
                        for (Facts f : facts.get(s.name())) {
                            if (conditions.contains(f.statistics())) {
                                Expectation x = s.expectation(f.statistics());
                                rows.add(new Row(s.name(), s.model(), s.isolation().sql(), f.statistics(), Predictor.decide(f),
                                        x == null ? null : x.verdict(), f));
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }
}

package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseOptions;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.db.Jdbc;
import io.claimmatrix.db.OnShutdown;
import io.claimmatrix.db.Preflight;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.predict.Prediction;
import io.claimmatrix.predict.Predictor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the matrix: open the database, check it can take the run ({@link Preflight}), create a run schema for
 * each queue model the strategies claim from and check every model and strategy there ({@link ModelSchema#create},
 * {@link StrategyCheck}) before any round runs; then run each strategy through the harness under each statistics
 * condition, judge it, and drop the schemas and stop what was started, also on Ctrl-C or SIGTERM ({@link OnShutdown}:
 * workers stopped, schemas dropped, embedded server stopped, in that order). A variant that hangs or times out gets its
 * verdict and the run goes on; the run as a whole is bounded by {@link Timeouts#run()}.
 *
 * <p>Statistics: a variant is planned under each condition the run asks for; when its claim statement's plan is the
 * same under fresh and stale statistics it runs once and its result stands for both (saying so), otherwise once
 * under each.
 */
public final class MatrixRunner {

    /** Told as the run goes, e.g. to draw a progress bar. */
    public interface Listener {
        default void started(int total) {
        }

        default void variantStarted(int index, int total, ClaimStrategy<?> strategy) {
        }

        default void variantDone(int index, int total, VariantResult result) {
        }

        Listener NONE = new Listener() {
        };
    }

    /**
     * The matrix and the server it was measured on.
     *
     * @param models the queue models the variants claimed from (the run's --queue directories, or built-in ones)
     */
    public record MatrixResult(String postgresVersion, String mode, Harness.Settings settings, List<VariantResult> variants,
                               List<QueueModel> models) {

        public MatrixResult {
            models = models == null ? List.of() : List.copyOf(models);
        }

        /** Variants of built-in models: their models are looked up in the built-in catalogue. */
        public MatrixResult(String postgresVersion, String mode, Harness.Settings settings, List<VariantResult> variants) {
            this(postgresVersion, mode, settings, variants, List.of());
        }

        /** The run's model of that name, else the built-in one, else {@code null}. */
        public QueueModel model(String name) {
            for (QueueModel m : models) {
                if (m.name().equals(name)) {
                    return m;
                }
            }
            ModelCatalogue builtIn = ModelCatalogue.builtIn();
            return builtIn.contains(name) ? builtIn.get(name) : null;
        }

        /** The same result with other variants (e.g. held to a recorded matrix). */
        public MatrixResult withVariants(List<VariantResult> other) {
            return new MatrixResult(postgresVersion, mode, settings, other, models);
        }
    }

    private MatrixRunner() {
    }

    /** The built-in models' strategies. */
    public static MatrixResult run(DatabaseOptions db, List<ClaimStrategy<?>> strategies, Harness.Settings settings, Listener listener)
            throws SQLException, InterruptedException {
        return run(db, strategies, ModelCatalogue.builtIn(), settings, listener);
    }

    /** The built-in models' strategies. */
    public static MatrixResult run(DatabaseTarget target, List<ClaimStrategy<?>> strategies, Harness.Settings settings, Listener listener)
            throws SQLException, InterruptedException {
        return run(target, strategies, ModelCatalogue.builtIn(), settings, listener);
    }

    public static MatrixResult run(DatabaseOptions db, List<ClaimStrategy<?>> strategies, ModelCatalogue models,
                                   Harness.Settings settings, Listener listener) throws SQLException, InterruptedException {
        return run(db, strategies, models, settings, listener, null);
    }

    /** @param searchFactory the interleaving search beside each result, or {@code null} for the soak alone */
    public static MatrixResult run(DatabaseOptions db, List<ClaimStrategy<?>> strategies, ModelCatalogue models,
                                   Harness.Settings settings, Listener listener, VariantSearch.Factory searchFactory)
            throws SQLException, InterruptedException {
        return run(db, strategies, List.of(), models, settings, listener, searchFactory);
    }

    /**
     * @param alsoChecked strategies not run but checked with them before the first round (the other {@code .sql} files
     *                    of a {@code --queue} directory): all input is valid before anything runs. Those of a model
     *                    that runs no strategy are not checked (their model's schema is not applied).
     */
    public static MatrixResult run(DatabaseOptions db, List<ClaimStrategy<?>> strategies, List<ClaimStrategy<?>> alsoChecked,
                                   ModelCatalogue models, Harness.Settings settings, Listener listener,
                                   VariantSearch.Factory searchFactory) throws SQLException, InterruptedException {
        // The search's sessions (at most a few) beside the workers.
        try (DatabaseTarget target = db.open(settings.workers() + Preflight.KIT_SESSIONS + (searchFactory == null ? 0 : 6),
                settings.timeouts().connect())) {
            return run(target, strategies, alsoChecked, models, settings, listener, searchFactory);
        }
    }

    public static MatrixResult run(DatabaseTarget target, List<ClaimStrategy<?>> strategies, ModelCatalogue models,
                                   Harness.Settings settings, Listener listener) throws SQLException, InterruptedException {
        return run(target, strategies, models, settings, listener, null);
    }

    /**
     * @param searchFactory the interleaving search to run beside each result, or {@code null} for the soak alone
     */
    public static MatrixResult run(DatabaseTarget target, List<ClaimStrategy<?>> strategies, ModelCatalogue models,
                                   Harness.Settings settings, Listener listener, VariantSearch.Factory searchFactory)
            throws SQLException, InterruptedException {
        return run(target, strategies, List.of(), models, settings, listener, searchFactory);
    }

    private static MatrixResult run(DatabaseTarget target, List<ClaimStrategy<?>> strategies, List<ClaimStrategy<?>> alsoChecked,
                                    ModelCatalogue models, Harness.Settings settings, Listener listener,
                                    VariantSearch.Factory searchFactory) throws SQLException, InterruptedException {
        String version = Preflight.check(target, settings.workers()).version();
        Map<String, List<ClaimStrategy<?>>> byModel = new LinkedHashMap<>();
        for (ClaimStrategy<?> s : strategies) {
            byModel.computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s);
        }
        // Every model applied and checked, every strategy checked against its model, before the first round.
        Map<String, ModelSchema> schemas = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, List<ClaimStrategy<?>>> e : byModel.entrySet()) {
                QueueModel model = models.get(e.getKey());
                ModelSchema schema = ModelSchema.create(target.jdbcUrl(), target.user(), target.password(), model, settings.fixtures());
                schemas.put(e.getKey(), schema);
                List<ClaimStrategy<?>> checked = new ArrayList<>(e.getValue());
                alsoChecked.stream().filter(s -> s.model().equals(e.getKey()) && e.getValue().stream().noneMatch(r -> r.name().equals(s.name())))
                        .forEach(checked::add);
                StrategyCheck.check(schema, checked);
            }
            List<VariantResult> results = new ArrayList<>();
            listener.started(strategies.size());
            int index = 0;
            // The search runs beside the soak, on a thread of its own: the soak keeps the server's CPUs busy, the
            // search mostly waits for round trips, so the two overlap instead of adding up.
            List<java.util.concurrent.Future<List<VariantResult>>> searched = new ArrayList<>();
            java.util.concurrent.ExecutorService searchThread = searchFactory == null ? null
                    : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "claim-matrix-search");
                        t.setDaemon(true);
                        return t;
                    });
            try (VariantSearch search = searchFactory == null ? null : searchFactory.open(target, settings.fixtures())) {
                try {
                for (Map.Entry<String, List<ClaimStrategy<?>>> e : byModel.entrySet()) {
                    QueueModel model = schemas.get(e.getKey()).model();
                    Map<String, Map<Statistics, Prediction>> predicted = predict(schemas.get(e.getKey()), settings, e.getValue());
                    try (Harness harness = new Harness(schemas.get(e.getKey()), settings)) {
                        for (ClaimStrategy<?> s : e.getValue()) {
                            boolean alone = search != null && takesAdvisoryLocks(s);
                            if (alone) {
                                awaitDone(searched); // no search beside this soak: see takesAdvisoryLocks
                            }
                            listener.variantStarted(++index, strategies.size(), s);
                            List<VariantResult> measured = measure(harness, s).stream()
                                    .map(r -> r.withPrediction(predicted.getOrDefault(s.name(), Map.of()).get(r.statistics().get(0)))).toList();
                            if (OnShutdown.inProgress()) {
                                throw new RunInterruptedException(); // what was measured until the signal is cut short, not a verdict
                            }
                            for (VariantResult r : measured) {
                                listener.variantDone(index, strategies.size(), r);
                            }
                            if (search == null) {
                                results.addAll(measured);
                            } else {
                                searched.add(searchThread.submit(() -> {
                                    List<VariantResult> out = new ArrayList<>();
                                    for (VariantResult r : measured) {
                                        out.add(r.withSearch(search.search(model, s, r.statistics().get(0), r.verdict())));
                                    }
                                    return out;
                                }));
                                if (alone) {
                                    awaitDone(searched); // nor a soak beside its search
                                }
                            }
                        }
                    }
                }
                for (java.util.concurrent.Future<List<VariantResult>> f : searched) {
                    try {
                        results.addAll(f.get());
                    } catch (java.util.concurrent.ExecutionException ex) {
                        Throwable cause = ex.getCause();
                        if (cause instanceof SQLException se) {
                            throw se;
                        }
                        if (cause instanceof InterruptedException ie) {
                            throw ie;
                        }
                        throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                    }
                }
                } finally {
                    // Stopped before the search's sessions close: a search still running would use them.
                    if (searchThread != null) {
                        searchThread.shutdownNow();
                        searchThread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                    }
                }
            }
            return new MatrixResult(version, target.mode(), settings, List.copyOf(results),
                    schemas.values().stream().map(ModelSchema::model).toList());
        } finally {
            RuntimeException failure = null;
            for (ModelSchema schema : schemas.values()) {
                try {
                    schema.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Whether the claim statement takes advisory locks ({@code pg_advisory_xact_lock}, {@code pg_try_advisory_lock}, ...).
     * Their keys are one namespace per database, not per schema (PostgreSQL manual, "13.3.5 Advisory Locks"): a search
     * beside the soak of such a claim would take the same keys (job ids) as the soak's workers, and each would skip or
     * wait for locks the other took. Such a claim is soaked with no search running and searched with no soak running.
     * Read from the rendered claim statement, and for a {@code .sql} strategy from every statement of its file; a Java
     * strategy that takes advisory locks only in code after its claim query is not seen.
     */
    static boolean takesAdvisoryLocks(ClaimStrategy<?> strategy) {
        List<String> statements = new ArrayList<>(List.of(ClaimSqlRenderer.render(strategy)));
        if (strategy instanceof io.claimmatrix.claim.sql.SqlClaimStrategy sql) {
            statements.addAll(sql.claimStatements());
            statements.addAll(sql.writeSql());
        }
        return statements.stream().anyMatch(t -> t.toLowerCase(java.util.Locale.ROOT).contains("advisory"));
    }

    /** Waits until every search submitted so far has finished (its outcome, or failure, is read later). */
    private static void awaitDone(List<java.util.concurrent.Future<List<VariantResult>>> searched) throws InterruptedException {
        for (java.util.concurrent.Future<List<VariantResult>> f : searched) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException ignored) {
                // rethrown where the results are collected
            }
        }
    }

    /**
     * One strategy under each statistics condition of the run (the model's own when the run does not say): planned
     * under both conditions (shown in every report), run once for all conditions whose plans are the same, else once
     * per condition.
     */
    public static List<VariantResult> measure(Harness harness, ClaimStrategy<?> strategy) throws SQLException, InterruptedException {
        List<Statistics> conditions = harness.settings().statistics() != null ? harness.settings().statistics()
                : harness.model().model().defaultStatistics();
        Map<Statistics, List<String>> plans = new LinkedHashMap<>();
        for (Statistics c : Statistics.values()) {
            plans.put(c, harness.plan(strategy, c));
        }
        List<VariantResult> out = new ArrayList<>();
        if (conditions.size() > 1 && conditions.stream().map(plans::get).distinct().count() == 1) {
            out.add(Oracle.judge(harness.run(strategy, conditions.get(0)), conditions, plans));
            return out;
        }
        for (Statistics c : conditions) {
            out.add(Oracle.judge(harness.run(strategy, c), List.of(c), plans));
        }
        return out;
    }

    /**
     * Each strategy's prediction ({@link Predictor}) before its model's first round, on a session closed before the
     * workers open theirs. A model whose strategies the predictor cannot read gets none: the run goes on.
     *
     * @return strategy name to statistics condition to prediction; empty when the predictor could not read them (a
     *         database error here means no prediction, never a failed run)
     */
    public static Map<String, Map<Statistics, Prediction>> predict(ModelSchema schema, Harness.Settings settings, List<ClaimStrategy<?>> strategies) {
        Map<String, Map<Statistics, Prediction>> out = new LinkedHashMap<>();
        try (Predictor predictor = Predictor.open(schema, settings.fixtures(), settings.timeouts())) {
            predictor.facts(strategies).forEach((name, facts) -> {
                Map<Statistics, Prediction> byCondition = new java.util.EnumMap<>(Statistics.class);
                facts.forEach(f -> byCondition.put(f.statistics(), Predictor.decide(f)));
                out.put(name, byCondition);
            });
        } catch (RuntimeException | SQLException e) {
            // No predictions for this model: the measurements stand alone. (A strategy that stalls past the session
            // timeouts in its one run alone ends the predictor's session, as it would end a worker's.)
        }
        return out;
    }

    /** {@code server_version}, e.g. "17.7". */
    public static String serverVersion(DatabaseTarget target) throws SQLException {
        try (Connection c = Jdbc.connect(target.jdbcUrl(), target.user(), target.password());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

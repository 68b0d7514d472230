package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.BadInputException;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.predict.PredictionText;
import io.claimmatrix.predict.Predictions;
import io.claimmatrix.run.StrategyCheck;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schedule.Explanation;
import io.claimmatrix.schedule.ExplanationText;
import io.claimmatrix.schedule.Schedule;
import io.claimmatrix.schedule.ScheduleRunner;
import io.claimmatrix.schedule.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code claim-matrix explain VARIANT}: the variant's SQL, plan and named interleavings, step by step. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a variant in deterministic interleavings: its SQL, its plan (EXPLAIN VERBOSE), each schedule "
                + "as a timeline in the style of PostgreSQL's isolation tester, and the reason for its verdict.%n"
                + "Exit code: 0; 1 when the schedules contradict a DUPLICATES or SAFE verdict (or the run failed); 2 for bad usage.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "VARIANT", description = "Names, aliases or globs (claim-matrix list shows them).")
    List<String> variants;

    @Option(names = {"-s", "--schedule"}, paramLabel = "SCHEDULE",
            description = "A named schedule (stale-snapshot, lock-held, rollback) or a permutation, e.g. "
                    + "'s1begin s2begin s2claim(pause) s1claim s1write s1commit s2resume s2write s2commit'. "
                    + "Repeatable; default: the named ones.")
    List<String> schedules;

    @Option(names = "--statistics", paramLabel = "WHEN",
            description = "The planner statistics the tables have: fresh or stale (default: fresh).")
    String statistics;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    DatabaseMixin database;

    @Mixin
    StrategySources sources;

    @Override
    public Integer call() throws Exception {
        List<Statistics> conditions = statistics == null ? List.of(Statistics.FRESH) : Statistics.parse(statistics);
        if (conditions.size() != 1) {
            throw new BadInputException("explain takes one statistics condition: --statistics fresh or --statistics stale");
        }
        Statistics condition = conditions.get(0);
        List<ClaimStrategy<?>> strategies = sources.catalogue().select(String.join(",", variants));
        Map<String, List<ClaimStrategy<?>>> byModel = new LinkedHashMap<>();
        strategies.forEach(s -> byModel.computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s));
        List<Schedule> chosen = new ArrayList<>();
        if (schedules == null || schedules.isEmpty()) {
            chosen.addAll(Schedules.named());
        } else {
            for (int i = 0; i < schedules.size(); i++) {
                chosen.add(Schedules.resolve(schedules.get(i), i + 1));
            }
        }
        // Two more: the prediction's own model schema and session, beside the schedules'.
        int needed = chosen.stream().mapToInt(Schedule::sessions).max().orElse(2) + 4;
        boolean contradicted = false;
        int printed = 0;
        try (DatabaseTarget target = database.options().open(needed)) {
            for (Map.Entry<String, List<ClaimStrategy<?>>> model : byModel.entrySet()) {
                Map<String, Predictions.Row> predicted = new LinkedHashMap<>();
                for (Predictions.Row r : Predictions.of(target, sources.models(), model.getValue(), FixtureSettings.of(Fixture.seed()),
                        List.of(condition))) {
                    predicted.put(r.variant(), r);
                }
                try (ScheduleRunner runner = ScheduleRunner.open(target, sources.models().get(model.getKey()),
                        FixtureSettings.of(Fixture.seed()))) {
                    // Ctrl-C: drop the run schema and the session role (the embedded server stops by its own hook).
                    Thread cleanup = new Thread(runner::close, "claim-matrix-cleanup");
                    Runtime.getRuntime().addShutdownHook(cleanup);
                    try {
                        runner.prepare(condition);
                        StrategyCheck.check(runner.model(), model.getValue());
                        for (ClaimStrategy<?> s : model.getValue()) {
                            Explanation e = Explanation.of(runner, s, chosen);
                            System.out.print((printed++ > 0 ? "\n" : "") + ExplanationText.render(e));
                            System.out.print("\n" + PredictionText.section(predicted.get(s.name())));
                            System.out.flush();
                            contradicted |= e.contradicts();
                        }
                    } finally {
                        try {
                            Runtime.getRuntime().removeShutdownHook(cleanup);
                        } catch (IllegalStateException shuttingDown) {
                            // the hook is running
                        }
                    }
                }
            }
        }
        return contradicted ? Main.MISMATCH : Main.OK;
    }
}

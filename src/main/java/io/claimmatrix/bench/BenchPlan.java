package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one {@code claim-matrix bench} run measures, and how much of it. {@link #full} is the published run,
 * {@link #quick} a smoke run of every section in a minute or two.
 */
public record BenchPlan(boolean quick, Set<Section> sections, ClaimStrategy<?> seed,
                        // 1 (a): deterministic schedule
                        int scheduleRuns,
                        // 1 (b): the kit's soak
                        int soakTrials, Duration soakBudget, List<Integer> soakThresholdsSeconds,
                        // 1 (c): the seed's race test via pgbench
                        int raceRounds, int raceClients,
                        // 2: throughput
                        List<ClaimStrategy<?>> throughputVariants, List<Integer> workers, int repetitions, int eligible, int claimsPerRun,
                        // 3: wall time
                        List<int[]> cliPoints, int cliRepetitions, List<Integer> mvnVariantCounts, int mvnRepetitions,
                        // where things are
                        String pgbench, Path project, Path jar, Path scriptsDir) {

    public enum Section {
        SCHEDULE("schedule"), SOAK("soak"), RACE("race"), THROUGHPUT("throughput"), CLI("cli"), MVN("mvn");

        public final String code;

        Section(String code) {
            this.code = code;
        }

        public static Section of(String code) {
            for (Section s : values()) {
                if (s.code.equalsIgnoreCase(code.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown section '" + code + "' (schedule, soak, race, throughput, cli, mvn)");
        }
    }

    public static final List<Integer> DEFAULT_WORKERS = List.of(1, 2, 4, 8, 16);

    /** A variant count that means the whole catalogue, however many variants it holds ({@link WallTimeBench#spread}). */
    public static final int ALL_VARIANTS = Integer.MAX_VALUE;

    /** The variants whose measured verdict at READ COMMITTED is SAFE: the ones whose cost the throughput section reports. */
    public static List<ClaimStrategy<?>> safeAtReadCommitted(List<ClaimStrategy<?>> catalogue) {
        return catalogue.stream().filter(s -> s.isolation() == Isolation.READ_COMMITTED && s.expectation() != null
                && s.expectation().verdict() == Verdict.SAFE).toList();
    }

    public boolean runs(Section s) {
        return sections.contains(s);
    }

    /**
     * The published run. Throughput: every SAFE variant at READ COMMITTED, 1 to 16 workers, 3 repetitions, 512 claims
     * from the head of a queue of 10,000+ eligible accounts. Detection: 30 soak trials of up to 10 s per setup, 300
     * pgbench rounds, 100 schedule runs. Wall time: 10, 30 and all variants at 3 rounds and all at 1 round through the
     * CLI, and the whole of mvn verify, 3 repetitions each. About 50 minutes on 2 cores.
     */
    public static BenchPlan full(ClaimStrategy<?> seed, List<ClaimStrategy<?>> safe, String pgbench, Path project, Path jar, Path scriptsDir) {
        return new BenchPlan(false, EnumSet.allOf(Section.class), seed,
                100,
                30, Duration.ofSeconds(10), List.of(1, 5, 10),
                300, 20,
                safe, DEFAULT_WORKERS, 3, 10_000, 512,
                List.of(new int[]{10, 3}, new int[]{30, 3}, new int[]{ALL_VARIANTS, 1}, new int[]{ALL_VARIANTS, 3}), 3,
                List.of(ALL_VARIANTS), 3,
                pgbench, project, jar, scriptsDir);
    }

    /** Every section at smoke size (no mvn verify): checks the bench end to end; its numbers are not for quoting. */
    public static BenchPlan quick(ClaimStrategy<?> seed, List<ClaimStrategy<?>> safe, String pgbench, Path project, Path jar, Path scriptsDir) {
        return new BenchPlan(true, EnumSet.complementOf(EnumSet.of(Section.MVN)), seed,
                10,
                5, Duration.ofSeconds(2), List.of(1, 2),
                20, 20,
                safe, List.of(1, 4), 1, 1_000, 240,
                List.<int[]>of(new int[]{10, 1}), 1,
                List.of(), 0,
                pgbench, project, jar, scriptsDir);
    }
}

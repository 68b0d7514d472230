package io.claimmatrix.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The small pure pieces: reading pgbench and the driver, medians, the comparison's arithmetic. */
class BenchParsingTest {

    @Test
    void readsPgbenchSummary() {
        String out = """
                pgbench (15.20 (Debian 15.20-0+deb12u1))
                transaction type: s.sql
                number of clients: 2
                number of transactions per client: 4
                number of transactions actually processed: 8/8
                number of failed transactions: 0 (0.000%)
                latency average = 3.828 ms
                initial connection time = 16.099 ms
                tps = 522.500163 (without initial connection time)
                """;
        Pgbench.Result r = Pgbench.parse(0, out);

        assertThat(r.processed()).isEqualTo(8);
        assertThat(r.failed()).isZero();
        assertThat(r.tps()).isEqualTo(522.500163);
        assertThat(r.latencyMillis()).isEqualTo(3.828);
        assertThat(r.seconds()).isCloseTo(8 / 522.500163, within(1e-9));
    }

    @Test
    void readsTheDriversRounds() {
        List<SeedRaceAnchor.Round> rounds = SeedRaceAnchor.parse("""
                round=1 committed=2 duplicates=0 aborted=0 ms=189 pgbench_ms=100
                round=2 committed=3 duplicates=1 aborted=1 ms=222 pgbench_ms=113
                """);
        SeedRaceAnchor.Result r = new SeedRaceAnchor.Result(20, rounds, "cmd");

        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(1)).isEqualTo(new SeedRaceAnchor.Round(2, 3, 1, 1, 222, 113));
        assertThat(r.duplicateRate()).isEqualTo(0.5);
        assertThat(r.abortedClaims()).isEqualTo(1);
        assertThat(r.millisPerRound().median()).isEqualTo(205.5);
    }

    @Test
    void statsAreMedianAndRange() {
        assertThat(Stats.of(3, 1, 2)).isEqualTo(new Stats(3, 2, 1, 3));
        assertThat(Stats.of(4, 1, 3, 2).median()).isEqualTo(2.5);
        assertThat(Stats.of(10, 20).format(0)).isEqualTo("15 (10–20, n=2)");
    }

    @Test
    void chanceWithinTIsOneMinusMissingEveryTry() {
        Map<Integer, Double> p = DetectionComparison.computed(List.of(1, 5), 0.1, 0.5);

        assertThat(p.get(1)).isCloseTo(1 - 0.9 * 0.9, within(1e-12));
        assertThat(p.get(5)).isCloseTo(1 - Math.pow(0.9, 10), within(1e-12));
    }

    @Test
    void leastSquaresLine() {
        double[] fit = BenchReport.fit(new double[]{10, 30, 90}, new double[]{25, 45, 105});

        assertThat(fit[0]).isCloseTo(15, within(1e-9));
        assertThat(fit[1]).isCloseTo(1, within(1e-9));
    }
}

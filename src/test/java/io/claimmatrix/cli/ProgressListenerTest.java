package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.testing.Results;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress bar's content; whether it is drawn at all is decided by the terminal check and --quiet. */
class ProgressListenerTest {

    private final ClaimStrategy<?> seed = StrategyCatalogue.discover().select("seed").get(0);

    @Test
    void showsDoneOfTotalDuplicatesSoFarAndTheCurrentVariant() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressListener p = new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofHours(1), 200, 3);
        assertThat(p.message()).isEqualTo("starting PostgreSQL and the run's schema");
        p.show(); // as the timer does once a run has taken 2 seconds
        p.started(3);
        p.variantStarted(1, 3, seed);
        p.variantDone(1, 3, result(seed.name(), 7));
        p.variantStarted(2, 3, seed);

        assertThat(p.message()).isEqualTo("7 duplicate(s) in 1 variant(s) so far · " + seed.name());
        p.variantDone(2, 3, result(seed.name(), 0));
        p.close();

        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("variants").contains("2/3").contains("7 duplicate(s) in 1 variant(s) so far")
                .containsPattern("\\d:\\d\\d:\\d\\d"); // elapsed
    }

    @Test
    void aNarrowTerminalCutsTheVariantNameNotTheBar() {
        ProgressListener p = new ProgressListener(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Duration.ofHours(1), 100, 2);
        p.started(2);
        p.variantStarted(1, 2, seed);

        assertThat(p.message()).hasSize(40).endsWith("…").startsWith("no violation so far · ");
        p.close();
    }

    @Test
    void countsViolationsOfEveryKindAndEachVariantOnceWhateverItsConditions() {
        ProgressListener p = new ProgressListener(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Duration.ofHours(1), 300, 4);
        p.started(4);
        p.variantStarted(1, 4, seed);
        assertThat(p.message()).isEqualTo("no violation so far · " + seed.name());
        // One variant, two results (fresh, stale): one variant with violations.
        p.variantDone(1, 4, Results.of("jobs.in-subquery.rc").model("jobs").verdict(Verdict.SAFE).build());
        p.variantDone(1, 4, Results.of("jobs.in-subquery.rc").model("jobs").statistics(Statistics.STALE).verdict(Verdict.OVERCLAIM)
                .overclaims(3, 100).build());
        p.variantStarted(2, 4, seed);
        p.variantDone(2, 4, Results.of("lanes.cte").verdict(Verdict.GROUP_DUPLICATES).groupDuplicates(2).duplicates(1).build());
        p.variantDone(3, 4, Results.of("slow").verdict(Verdict.INCOMPLETE).silentMisses(2).missed(5).ineligible(1).aborts("40001", 9).build());
        p.variantStarted(4, 4, seed);

        assertThat(p.message()).isEqualTo("1 duplicate(s), 2 group duplicate(s), 3 over-claim(s), 7 miss(es), 1 ineligible claim(s) "
                + "in 3 variant(s) so far · " + seed.name());
        p.close();
    }

    @Test
    void aRunShorterThanTheDelayDrawsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressListener p = new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofHours(1), 160, 1);
        p.started(1);
        p.variantStarted(1, 1, seed);
        p.variantDone(1, 1, result(seed.name(), 3));
        p.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void quietOrNoTerminalMeansNoBar() {
        assertThat(ProgressListener.forStderr(true, 1)).isNull();
        // Under Maven, stderr is a pipe, not a terminal.
        assertThat(Terminals.stderrIsTerminal()).isFalse();
        assertThat(ProgressListener.forStderr(false, 1)).isNull();
    }

    private static VariantResult result(String name, int duplicates) {
        return io.claimmatrix.testing.Results.result(name, null, "READ COMMITTED", duplicates > 0 ? Verdict.DUPLICATES : Verdict.SAFE,
                10, duplicates, 0, Map.of(), List.of(), null);
    }
}

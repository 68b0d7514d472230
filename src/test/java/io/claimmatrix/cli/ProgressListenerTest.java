package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
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

    private final ClaimStrategy seed = StrategyCatalogue.discover().select("seed").get(0);

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

        assertThat(p.message()).hasSize(40).endsWith("…").startsWith("0 duplicate(s) in 0 variant(s) so far");
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
        return new VariantResult(name, List.of(), null, "READ COMMITTED", "generated", duplicates > 0 ? Verdict.DUPLICATES : Verdict.SAFE,
                10, duplicates, 0, Map.of(), 0, 0, Map.of(), 1, 2, 1.0, 10, null, List.of(), "reason", "SELECT 1", null, null);
    }
}

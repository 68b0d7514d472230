package io.claimmatrix.db;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OnShutdownTest {

    /** Registered as a run starts them (server, schema, workers); undone the other way round. */
    @Test
    void runsNewestFirstSkipsWhatWasCleanedUpAndSurvivesAFailure() {
        var registry = new OnShutdown.Registry();
        List<String> ran = new ArrayList<>();
        registry.register("stop embedded PostgreSQL", () -> ran.add("server"));
        registry.register("drop schema s", () -> {
            ran.add("schema");
            throw new IllegalStateException("lock timeout");
        });
        registry.register("close a pool", () -> ran.add("pool")).close(); // cleaned up normally: not run again
        registry.register("stop the workers", () -> ran.add("workers"));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        registry.runAll(new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(ran).containsExactly("workers", "schema", "server");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "claim-matrix: interrupted: could not drop schema s: lock timeout",
                "claim-matrix: interrupted: cleaned up (stop the workers, stop embedded PostgreSQL)");
    }

    /** Something created while the actions run (a schema created just as Ctrl-C came) is undone at once. */
    @Test
    void aRegistrationAfterTheStartRunsAtOnce() {
        var registry = new OnShutdown.Registry();
        registry.runAll(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String> ran = new ArrayList<>();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.register("drop schema late", () -> ran.add("late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
        assertThat(ran).containsExactly("late");
    }
}

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
        assertThat(registry.register("close a pool", () -> ran.add("pool")).release()).isTrue(); // cleaned up normally: not run again
        registry.register("stop the workers", () -> ran.add("workers"));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        registry.runAll(new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(ran).containsExactly("workers", "schema", "server");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "claim-matrix: interrupted: could not drop schema s: lock timeout",
                "claim-matrix: interrupted: cleaned up (stop the workers, stop embedded PostgreSQL)");
    }

    /**
     * The run's own thread finishing its cleanup while the hook runs (the workers stopped under it end the run): it
     * is told to leave the server to the hook, since the JVM halts when the hook ends, whatever else is running.
     */
    @Test
    void aReleaseWhileStoppingLeavesTheActionToTheHook() {
        var registry = new OnShutdown.Registry();
        List<String> ran = new ArrayList<>();
        List<Boolean> released = new ArrayList<>();
        OnShutdown.Registration server = registry.register("stop embedded PostgreSQL", () -> ran.add("server"));
        registry.register("stop the workers", () -> {
            ran.add("workers");
            released.add(server.release());
        });

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        registry.runAll(new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(released).containsExactly(false);
        assertThat(ran).containsExactly("workers", "server");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
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

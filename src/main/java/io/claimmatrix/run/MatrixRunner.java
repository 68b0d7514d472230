package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseOptions;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.schema.RunSchema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the matrix: open the database, create the run's schema, run each strategy through the harness,
 * judge it, then drop the schema and stop what was started, also on Ctrl-C.
 */
public final class MatrixRunner {

    /** Told as the run goes, e.g. to draw a progress bar. */
    public interface Listener {
        default void started(int total) {
        }

        default void variantStarted(int index, int total, ClaimStrategy strategy) {
        }

        default void variantDone(int index, int total, VariantResult result) {
        }

        Listener NONE = new Listener() {
        };
    }

    /** The matrix and the server it was measured on. */
    public record MatrixResult(String postgresVersion, String mode, Harness.Settings settings, List<VariantResult> variants) {
    }

    private MatrixRunner() {
    }

    public static MatrixResult run(DatabaseOptions db, List<ClaimStrategy> strategies, Harness.Settings settings, Listener listener)
            throws SQLException, InterruptedException {
        try (DatabaseTarget target = db.open(settings.workers() + 2)) {
            return run(target, strategies, settings, listener);
        }
    }

    public static MatrixResult run(DatabaseTarget target, List<ClaimStrategy> strategies, Harness.Settings settings, Listener listener)
            throws SQLException, InterruptedException {
        String version = serverVersion(target);
        RunSchema schema = RunSchema.create(target.jdbcUrl(), target.user(), target.password());
        // Ctrl-C or SIGTERM: drop the run's schema (the embedded server is stopped by its own hook).
        Thread cleanup = new Thread(schema::close, "claim-matrix-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (Harness harness = new Harness(schema, settings)) {
            List<VariantResult> results = new ArrayList<>();
            listener.started(strategies.size());
            for (int i = 0; i < strategies.size(); i++) {
                ClaimStrategy s = strategies.get(i);
                listener.variantStarted(i + 1, strategies.size(), s);
                VariantResult result = Oracle.judge(harness.run(s));
                results.add(result);
                listener.variantDone(i + 1, strategies.size(), result);
            }
            return new MatrixResult(version, target.mode(), settings, List.copyOf(results));
        } finally {
            schema.close();
            removeHook(cleanup);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already running as a hook
        }
    }

    /** {@code server_version}, e.g. "17.7". */
    public static String serverVersion(DatabaseTarget target) throws SQLException {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseOptions;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.db.Jdbc;
import io.claimmatrix.db.OnShutdown;
import io.claimmatrix.db.Preflight;
import io.claimmatrix.schema.RunSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the matrix: open the database, check it can take the run ({@link Preflight}), create the run's schema,
 * run each strategy through the harness, judge it, then drop the schema and stop what was started, also on Ctrl-C
 * or SIGTERM ({@link OnShutdown}: workers stopped, schema dropped, embedded server stopped, in that order).
 * A variant that hangs or times out gets its verdict and the run goes on; the run as a whole is bounded by
 * {@link Timeouts#run()}.
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
        try (DatabaseTarget target = db.open(settings.workers() + Preflight.KIT_SESSIONS, settings.timeouts().connect())) {
            return run(target, strategies, settings, listener);
        }
    }

    public static MatrixResult run(DatabaseTarget target, List<ClaimStrategy> strategies, Harness.Settings settings, Listener listener)
            throws SQLException, InterruptedException {
        String version = Preflight.check(target, settings.workers()).version();
        RunSchema schema = RunSchema.create(target.jdbcUrl(), target.user(), target.password());
        try (Harness harness = new Harness(schema, settings)) {
            List<VariantResult> results = new ArrayList<>();
            listener.started(strategies.size());
            for (int i = 0; i < strategies.size(); i++) {
                ClaimStrategy s = strategies.get(i);
                listener.variantStarted(i + 1, strategies.size(), s);
                VariantRun run = harness.run(s);
                if (OnShutdown.inProgress()) {
                    throw new RunInterruptedException(); // what was measured until the signal is cut short, not a verdict
                }
                VariantResult result = Oracle.judge(run);
                results.add(result);
                listener.variantDone(i + 1, strategies.size(), result);
            }
            return new MatrixResult(version, target.mode(), settings, List.copyOf(results));
        } finally {
            schema.close();
        }
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

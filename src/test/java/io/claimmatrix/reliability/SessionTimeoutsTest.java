package io.claimmatrix.reliability;

import io.claimmatrix.model.ModelSchema;
import com.zaxxer.hikari.HikariDataSource;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.SessionSettings;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import testvariants.SessionProbeClaim;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session timeouts are configurable and in effect: every worker session reports the configured values, and the
 * server enforces each of them on the kit's sessions.
 */
@Timeout(60)
class SessionTimeoutsTest {

    private static final Timeouts CONFIGURED = Timeouts.DEFAULTS.withStatement(Duration.ofMillis(1234))
            .withLock(Duration.ofMillis(567)).withIdleInTransaction(Duration.ofMillis(8901));

    private static RunSchema schema;
    private static HikariDataSource pool;

    @BeforeAll
    static void createSchema() throws SQLException {
        DatabaseTarget db = TestDatabase.get();
        schema = ModelSchema.seed(db.jdbcUrl(), db.user(), db.password(), Fixture.seed()).schema();
        pool = SessionSettings.pool(schema, 3, "timeouts-test", CONFIGURED.withStatement(Duration.ofMillis(300))
                .withLock(Duration.ofMillis(200)).withIdleInTransaction(Duration.ofMillis(300)));
    }

    @AfterAll
    static void dropSchema() {
        if (pool != null) {
            pool.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    /** Seen from inside each worker's own claim transaction, not from the pool's configuration. */
    @Test
    void everyWorkerSessionRunsWithTheConfiguredTimeouts() throws Exception {
        SessionProbeClaim probe = new SessionProbeClaim("session-probe");
        var settings = new Harness.Settings(3, 2, Fixture.generated(30, 1), Duration.ofSeconds(30), CONFIGURED);
        var result = MatrixRunner.run(TestDatabase.get(), List.of(probe), settings, MatrixRunner.Listener.NONE);

        assertThat(result.variants().get(0).verdict()).as(result.variants().get(0).reason()).isEqualTo(Verdict.SAFE);
        assertThat(probe.seen).as("sessions that ran a claim (the predictor's run alone does not probe)").hasSize(3);
        assertThat(probe.seen.values()).as("statement_timeout lock_timeout idle_in_transaction_session_timeout")
                .containsOnly("1234ms 567ms 8901ms");
    }

    @Test
    void statementTimeoutCancelsALongStatement() {
        assertThatThrownBy(() -> {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(30)");
            }
        }).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
    }

    @Test
    void lockTimeoutEndsALockWait() throws SQLException {
        try (Connection holder = pool.getConnection(); Statement h = holder.createStatement()) {
            h.execute("SELECT pg_advisory_lock(7700201)");
            try {
                assertThatThrownBy(() -> {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_lock(7700201)");
                    }
                }).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55P03");
            } finally {
                h.execute("SELECT pg_advisory_unlock(7700201)");
            }
        }
    }

    @Test
    void idleInTransactionTimeoutEndsAStalledSession() throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            int pid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            awaitSessionGone(pid); // the server ends it: nothing more is sent on it meanwhile
            assertThatThrownBy(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            }).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25P03");
        }
    }

    private static void awaitSessionGone(int pid) throws SQLException, InterruptedException {
        DatabaseTarget db = TestDatabase.get();
        try (Connection admin = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement s = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            s.setInt(1, pid);
            for (int i = 0; i < 500; i++) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("session " + pid + " was still there after 10 s idle in transaction");
    }
}

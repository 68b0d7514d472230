package io.claimmatrix.reliability;

import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.strategies.InnerLockAllClaim;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import testvariants.BlockedClaim;
import testvariants.DeadlockOnceClaim;
import testvariants.SleepOnceClaim;
import testvariants.StalledWriterClaim;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Variants built to hang, time out or deadlock, each followed by a well-behaved one: every misbehaving variant gets
 * a verdict (TIMEOUT, or ABORTS with the SQLSTATE that ended it) and the run goes on to the next variant, which is
 * measured as usual. Small timeouts keep this fast; {@code @Timeout} only turns a hang into a failure.
 *
 * <p>Every well-behaved variant here is {@link InnerLockAllClaim}, measured SAFE by the matrix test; the
 * misbehaving ones wrap it, so whatever is not SAFE about them comes from the misbehaviour.
 */
@Timeout(120)
class HungVariantTest {

    private static final Fixture FIXTURE = Fixture.seed(); // 2 eligible accounts: rounds take milliseconds
    private static final long HELD_KEY = 7_700_001L;

    private Connection lockHolder;

    @AfterEach
    void releaseLocks() throws SQLException {
        if (lockHolder != null) {
            lockHolder.close();
        }
    }

    /**
     * The server would let the blocked claims wait 60 s (statement and lock timeouts); the round deadline (1 s) is
     * what stops them: the watchdog cancels the waiting statements, the variant is TIMEOUT, and the next variant
     * runs clean, with no session of the kit left waiting.
     */
    @Test
    void aClaimBlockedForeverIsStoppedAtTheRoundDeadlineAndTheRunGoesOn() throws Exception {
        holdAdvisoryLock(HELD_KEY);
        Timeouts generous = Timeouts.DEFAULTS.withStatement(Duration.ofSeconds(60)).withLock(Duration.ofSeconds(60));
        List<VariantResult> results = run(settings(Duration.ofSeconds(1), generous),
                new BlockedClaim("blocked-forever", HELD_KEY), new InnerLockAllClaim());

        VariantResult blocked = results.get(0);
        assertThat(blocked.verdict()).as(blocked.reason()).isEqualTo(Verdict.TIMEOUT);
        assertThat(blocked.reason()).contains("the round deadline (1s) passed in round 1", "cancelling the statements still running");
        assertThat(blocked.abortsBySqlState()).as("the cancelled waits").containsKey("57014");
        assertThat(blocked.rounds()).as("a timed-out variant stops").isEqualTo(1);
        assertNextVariantMeasuredAsUsual(results.get(1));
        assertThat(waitingKitSessions()).as("kit sessions still waiting for the lock").isZero();
    }

    /** With a short lock_timeout the server ends each wait itself (55P03); the claims retry until the round deadline. */
    @Test
    void lockTimeoutEndsEachWaitWithItsSqlState() throws Exception {
        holdAdvisoryLock(HELD_KEY);
        Timeouts shortLock = Timeouts.DEFAULTS.withLock(Duration.ofMillis(100));
        List<VariantResult> results = run(settings(Duration.ofSeconds(1), shortLock),
                new BlockedClaim("blocked-lock-timeout", HELD_KEY), new InnerLockAllClaim());

        VariantResult blocked = results.get(0);
        assertThat(blocked.verdict()).as(blocked.reason()).isEqualTo(Verdict.TIMEOUT);
        assertThat(blocked.abortsBySqlState()).as("lock_not_available").containsKey("55P03");
        assertNextVariantMeasuredAsUsual(results.get(1));
    }

    /**
     * A long statement, a deadlock and a stalled writer with a FOR UPDATE pile-up behind it, in one run: each is
     * ended by the server (57014 by statement_timeout, 40P01 by the deadlock detector, 25P03 by
     * idle_in_transaction_session_timeout), each variant still claims every account, and so is ABORTS; the run goes on.
     */
    @Test
    void serverEndedStatementsAreAbortsWithTheirSqlState() throws Exception {
        Timeouts small = Timeouts.DEFAULTS.withStatement(Duration.ofSeconds(2)).withLock(Duration.ofSeconds(2))
                .withIdleInTransaction(Duration.ofMillis(300));
        List<VariantResult> results = run(settings(Duration.ofSeconds(20), small),
                new SleepOnceClaim("sleeps-past-statement-timeout"),
                new DeadlockOnceClaim("deadlocks-once"),
                new StalledWriterClaim("stalls-with-locks-held", Duration.ofMillis(1500)),
                new InnerLockAllClaim());

        assertAbortedOnceWith(results.get(0), "57014");
        assertAbortedOnceWith(results.get(1), "40P01");
        assertAbortedOnceWith(results.get(2), "25P03");
        assertNextVariantMeasuredAsUsual(results.get(3));
    }

    /** The whole run's deadline: the variant running when it passes is TIMEOUT, and so is every variant after it. */
    @Test
    void theRunDeadlineStopsTheRestOfTheRun() throws Exception {
        holdAdvisoryLock(HELD_KEY);
        Timeouts shortRun = Timeouts.DEFAULTS.withRun(Duration.ofSeconds(2));
        List<VariantResult> results = run(settings(Duration.ofSeconds(60), shortRun),
                new BlockedClaim("blocked-past-run-deadline", HELD_KEY), new InnerLockAllClaim());

        assertThat(results).extracting(VariantResult::verdict).containsExactly(Verdict.TIMEOUT, Verdict.TIMEOUT);
        assertThat(results.get(0).reason()).contains("the run deadline (2s) passed in round 1");
        assertThat(results.get(1).reason()).contains("the run deadline (2s) passed before this variant started");
        assertThat(results.get(1).rounds()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Harness.Settings settings(Duration roundDeadline, Timeouts timeouts) {
        return new Harness.Settings(2, 2, FIXTURE, roundDeadline, timeouts);
    }

    private static List<VariantResult> run(Harness.Settings settings, ClaimStrategy... strategies) throws Exception {
        DatabaseTarget db = TestDatabase.get();
        List<VariantResult> results = MatrixRunner.run(db, List.of(strategies), settings, MatrixRunner.Listener.NONE).variants();
        assertThat(results).extracting(VariantResult::name).containsExactlyElementsOf(List.of(strategies).stream().map(ClaimStrategy::name).toList());
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + RunSchema.PREFIX + "%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("run schemas left").isZero();
        }
        return results;
    }

    private static void assertAbortedOnceWith(VariantResult r, String sqlState) {
        assertThat(r.verdict()).as("%s: %s", r.name(), r.reason()).isEqualTo(Verdict.ABORTS);
        assertThat(r.abortsBySqlState()).as("%s aborts", r.name()).containsEntry(sqlState, 1);
        assertThat(r.missedItems()).as("%s missed", r.name()).isZero();
        assertThat(r.committedDuplicates()).as("%s duplicates", r.name()).isZero();
    }

    private static void assertNextVariantMeasuredAsUsual(VariantResult r) {
        assertThat(r.verdict()).as("the variant after the misbehaving one: %s", r.reason()).isEqualTo(Verdict.SAFE);
        assertThat(r.committedClaims()).as("every eligible account, every round")
                .isEqualTo(FIXTURE.eligibleIds().size() * r.rounds());
    }

    private void holdAdvisoryLock(long key) throws SQLException {
        lockHolder = connect();
        try (Statement s = lockHolder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + key + ")");
        }
    }

    private static int waitingKitSessions() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                     + "WHERE NOT l.granted AND a.application_name = 'claim-matrix'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect() throws SQLException {
        DatabaseTarget db = TestDatabase.get();
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}

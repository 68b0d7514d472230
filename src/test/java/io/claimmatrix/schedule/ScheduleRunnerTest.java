package io.claimmatrix.schedule;

import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Dimensions.Join;
import io.claimmatrix.claim.Dimensions.Lock;
import io.claimmatrix.claim.Dimensions.Strength;
import io.claimmatrix.claim.Dimensions.Table;
import io.claimmatrix.claim.Dimensions.Wait;
import io.claimmatrix.claim.Dimensions.WritePath;
import io.claimmatrix.claim.ComposedClaim;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.claimmatrix.schedule.TimelineEntry.Kind.COMPLETED;
import static io.claimmatrix.schedule.TimelineEntry.Kind.RAN;
import static io.claimmatrix.schedule.TimelineEntry.Kind.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

/** How the runner pauses, detects waits, defers and judges; each case measured on the embedded server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleRunnerTest {

    private ScheduleRunner runner;
    private final ClaimStrategy<?> seed = StrategyCatalogue.discover().select("seed").get(0);

    @BeforeAll
    void open() throws Exception {
        runner = ScheduleRunner.open(TestDatabase.get());
    }

    @AfterAll
    void close() {
        if (runner != null) {
            runner.close();
        }
    }

    private static ComposedClaim composed(Join join, Lock lock, Strength strength, Wait wait) {
        return new ComposedClaim(new Dimensions(join, lock, strength, wait, Isolation.READ_COMMITTED, WritePath.UPDATE_INSERT, false, 1));
    }

    @Test
    void aPausedClaimWaitsAtTheGateThenReadsItsOldSnapshot() throws Exception {
        ScheduleResult r = runner.run(seed, Schedules.STALE_SNAPSHOT, Fixture.seed());

        StepRecord s2claim = r.steps().get(2);
        assertThat(s2claim.waitedFor()).as("the server saw s2's claim blocked by the scheduler's advisory lock").containsExactly("gate");
        // s2claim waits while s1 claims, writes and commits; it completes only after the scheduler resumes it.
        assertThat(r.timeline()).containsSubsequence(new TimelineEntry(2, WAITING), new TimelineEntry(3, RAN),
                new TimelineEntry(5, RAN), new TimelineEntry(6, RAN), new TimelineEntry(2, COMPLETED));
        // Its snapshot predates s1's commit: it still sees one's import as 'completed' and returns one again.
        assertThat(r.steps().get(3).keys()).containsExactly("one");
        assertThat(s2claim.keys()).containsExactly("one");
        assertThat(r.outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void aClaimBlockedOnARowLockIsSeenWaitingForThatSession() throws Exception {
        ClaimStrategy<?> waits = composed(Join.LEFT, Lock.of(Table.ACCOUNTS, Table.INITIAL), Strength.UPDATE, Wait.WAIT);

        ScheduleResult r = runner.run(waits, Schedules.LOCK_HELD, Fixture.seed());

        StepRecord s2claim = r.steps().get(3);
        assertThat(s2claim.waitedFor()).containsExactly("s1");
        assertThat(r.timeline()).containsSubsequence(new TimelineEntry(3, WAITING), new TimelineEntry(5, RAN), new TimelineEntry(3, COMPLETED));
        // Measured: once s1 commits, the waiter gets the row s1 only locked, without a re-check.
        assertThat(s2claim.keys()).containsExactly("one");
        assertThat(r.outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void aScheduleWrittenInAFewLinesRunsAgainstAnyVariant() throws Exception {
        Schedule oneAfterTheOther = Schedule.builder("one-after-the-other")
                .begin(1).claim(1).write(1).commit(1)
                .begin(2).claim(2).write(2).commit(2)
                .build();

        for (ClaimStrategy<?> variant : StrategyCatalogue.discover().select("seed,inner-lock-all")) {
            ScheduleResult r = runner.run(variant, oneAfterTheOther, runner.fixtures(variant).get(0));

            assertThat(r.transactionSummary()).as(variant.name()).isEqualTo("s1 claimed one, committed; s2 claimed two, committed");
            assertThat(r.outcome()).isEqualTo(Outcome.SKIP);
        }
    }

    @Test
    void inADeadlockTheLaterSessionIsTheVictimAndTheOtherGoesOn() throws Exception {
        // FOR SHARE of the incremental import: both claims share-lock one's import, then each write waits for the other.
        ClaimStrategy<?> shares = composed(Join.INNER, Lock.of(Table.ACCOUNTS, Table.INITIAL, Table.INCREMENTAL), Strength.SHARE, Wait.WAIT);

        ScheduleResult r = runner.run(shares, Schedules.LOCK_HELD, Fixture.seed().withIncrementalRows());

        StepRecord s1write = r.steps().get(4), s1commit = r.steps().get(5), s2write = r.steps().get(6);
        assertThat(s1write.waitedFor()).containsExactly("s2");
        assertThat(s1commit.deferred()).as("s1commit's turn came while s1write still waited").isTrue();
        assertThat(s2write.sqlState()).isEqualTo("40P01");
        assertThat(r.transactionSummary()).isEqualTo("s1 claimed one, committed; s2 claimed one, failed at s2write (40P01)");
        assertThat(r.outcome()).isEqualTo(Outcome.ABORT);
        // The victim's failure is listed before the write it released.
        assertThat(r.timeline()).containsSubsequence(new TimelineEntry(6, COMPLETED), new TimelineEntry(4, COMPLETED), new TimelineEntry(5, RAN));
    }

    @Test
    void aScheduleRendersTheSameTimelineInEveryRun() throws Exception {
        ClaimStrategy<?> shares = composed(Join.INNER, Lock.of(Table.ACCOUNTS, Table.INITIAL, Table.INCREMENTAL), Strength.SHARE, Wait.WAIT);
        assertSameEveryRun(seed, Schedules.STALE_SNAPSHOT, Fixture.seed(), 20);
        assertSameEveryRun(shares, Schedules.LOCK_HELD, Fixture.seed().withIncrementalRows(), 10); // a deadlock each run
    }

    private void assertSameEveryRun(ClaimStrategy<?> variant, Schedule schedule, Fixture fixture, int runs) throws Exception {
        String first = TimelineText.render(runner.run(variant, schedule, fixture));
        for (int i = 1; i < runs; i++) {
            assertThat(TimelineText.render(runner.run(variant, schedule, fixture))).as("run %d of %s", i + 1, schedule.name()).isEqualTo(first);
        }
    }

    @Test
    void onlyTheInterleavingsContextAddsTheGate() throws Exception {
        var db = TestDatabase.get();
        try (RunSchema plain = ModelSchema.seed(db.jdbcUrl(), db.user(), db.password(), Fixture.seed()).schema();
             Connection c = plain.connect()) {
            assertThat(gateIn(c, plain.name())).as("a matrix run's schema").isEqualTo("no gate function, row security off");
        }
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            assertThat(gateIn(c, runner.schemaName())).isEqualTo("gate function, row security forced");
        }
    }

    private static String gateIn(Connection c, String schema) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT EXISTS (SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                        + "WHERE n.nspname = '" + schema + "' AND p.proname = 'claim_matrix_gate'), "
                        + "(SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = '" + schema + ".accounts'::regclass)")) {
            rs.next();
            return (rs.getBoolean(1) ? "gate function" : "no gate function") + ", " + (rs.getBoolean(2) ? "row security forced" : "row security off");
        }
    }
}

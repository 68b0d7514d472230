package io.claimmatrix.schedule;

import io.claimmatrix.claim.ClaimedAccount;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline reads like an isolation-tester expected file; checked on hand-built records, without a database. */
class TimelineTextTest {

    private static final String CLAIM = "SELECT a.id FROM accounts AS a FOR UPDATE OF a SKIP LOCKED";

    @Test
    void waitingStepsCompleteLaterAndFailuresPrintPostgresError() {
        Schedule schedule = Schedule.parse("demo", "s2 pauses; s1 goes first.",
                "s1begin s2begin s2claim(pause) s1claim s1commit s2resume s2write s2commit");
        List<StepRecord> steps = List.of(
                step(schedule, 0, List.of("BEGIN ISOLATION LEVEL READ COMMITTED"), null, null, List.of(), null),
                step(schedule, 1, List.of("BEGIN ISOLATION LEVEL READ COMMITTED"), null, null, List.of(), null),
                step(schedule, 2, List.of(CLAIM), List.of(new ClaimedAccount("two", false)), null, List.of("gate"), null),
                step(schedule, 3, List.of(CLAIM), List.of(new ClaimedAccount("two", false)), null, List.of(), null),
                step(schedule, 4, List.of("COMMIT"), null, null, List.of(), null),
                step(schedule, 5, List.of(), null, null, List.of(), "the scheduler releases s2's gate"),
                step(schedule, 6, List.of("INSERT INTO imports VALUES ('two')"), null, "23505", List.of(), null),
                step(schedule, 7, List.of("COMMIT"), null, null, List.of(), "the transaction had failed: COMMIT ends it with a rollback"));
        List<TimelineEntry> timeline = List.of(
                new TimelineEntry(0, TimelineEntry.Kind.RAN), new TimelineEntry(1, TimelineEntry.Kind.RAN),
                new TimelineEntry(2, TimelineEntry.Kind.WAITING), new TimelineEntry(3, TimelineEntry.Kind.RAN),
                new TimelineEntry(4, TimelineEntry.Kind.RAN), new TimelineEntry(5, TimelineEntry.Kind.RAN),
                new TimelineEntry(2, TimelineEntry.Kind.COMPLETED), new TimelineEntry(6, TimelineEntry.Kind.RAN),
                new TimelineEntry(7, TimelineEntry.Kind.RAN));
        List<TransactionRecord> transactions = List.of(
                new TransactionRecord("s1", List.of("two"), TransactionRecord.End.COMMITTED, null, null),
                new TransactionRecord("s2", List.of("two"), TransactionRecord.End.FAILED, "23505", "s2write"));

        ScheduleResult r = ScheduleResult.judge(schedule, "v", "READ COMMITTED", "seed", CLAIM, steps, timeline, transactions,
                List.of("one", "two"), List.of("one"));

        assertThat(r.outcome()).isEqualTo(Outcome.ABORT);
        assertThat(TimelineText.render(r)).isEqualTo("""
                # demo (fixture seed)
                # s2 pauses; s1 goes first.

                starting permutation: s1begin s2begin s2claim(pause) s1claim s1commit s2resume s2write s2commit
                step s1begin: BEGIN ISOLATION LEVEL READ COMMITTED;
                step s2begin: BEGIN ISOLATION LEVEL READ COMMITTED;
                step s2claim: <claim query> <waiting ...>
                step s1claim: <claim query>
                id |has_incremental
                ---+---------------
                two|f
                (1 row)

                step s1commit: COMMIT;
                step s2resume: -- the scheduler releases s2's gate
                step s2claim: <... completed>  -- waited for gate
                id |has_incremental
                ---+---------------
                two|f
                (1 row)

                step s2write: INSERT INTO imports VALUES ('two');
                ERROR:  duplicate key (SQLSTATE 23505)
                step s2commit: COMMIT;  -- the transaction had failed: COMMIT ends it with a rollback

                outcome: abort: s2write failed with 23505 unique_violation: duplicate key
                transactions: s1 claimed two, committed; s2 claimed two, failed at s2write (23505)
                """);
    }

    @Test
    void outcomesFollowTheirPrecedence() {
        Schedule schedule = Schedule.parse("two", "", "s1begin s1claim s1commit s2begin s2claim s2commit");
        List<StepRecord> steps = List.of();
        List<TransactionRecord> both = List.of(
                new TransactionRecord("s1", List.of("one"), TransactionRecord.End.COMMITTED, null, null),
                new TransactionRecord("s2", List.of("one"), TransactionRecord.End.COMMITTED, null, null));
        List<TransactionRecord> disjoint = List.of(
                new TransactionRecord("s1", List.of("one"), TransactionRecord.End.COMMITTED, null, null),
                new TransactionRecord("s2", List.of(), TransactionRecord.End.COMMITTED, null, null));
        List<TransactionRecord> handedOver = List.of(
                new TransactionRecord("s1", List.of("one"), TransactionRecord.End.ROLLED_BACK, null, null),
                new TransactionRecord("s2", List.of("one"), TransactionRecord.End.COMMITTED, null, null));

        assertThat(judge(schedule, steps, both, List.of()).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(judge(schedule, steps, both, List.of()).outcomeDetail()).isEqualTo("one claimed by s1 and s2, both committed");
        assertThat(judge(schedule, steps, disjoint, List.of("two")).outcome()).isEqualTo(Outcome.SKIP);
        assertThat(judge(schedule, steps, handedOver, List.of("two")).outcome()).isEqualTo(Outcome.NOTHING);
        // "two" was eligible, nobody committed a claim of it, and it is not eligible any more.
        assertThat(judge(schedule, steps, handedOver, List.of()).outcome()).isEqualTo(Outcome.LOST);
    }

    @Test
    void twoItemsOfOneGroupCommittedByTwoSessionsAreAGroupDuplicate() {
        Schedule schedule = Schedule.parse("two", "", "s1begin s1claim s1commit s2begin s2claim s2commit");
        List<TransactionRecord> apart = List.of(
                new TransactionRecord("s1", List.of("one"), TransactionRecord.End.COMMITTED, null, null),
                new TransactionRecord("s2", List.of("two"), TransactionRecord.End.COMMITTED, null, null));
        ScheduleResult sameGroup = ScheduleResult.judge(schedule, "v", "READ COMMITTED", "fixture.sql", CLAIM, List.of(), List.of(), apart,
                List.of("one", "two"), List.of(), java.util.Map.of("one", "k", "two", "k"));
        ScheduleResult twoGroups = ScheduleResult.judge(schedule, "v", "READ COMMITTED", "fixture.sql", CLAIM, List.of(), List.of(), apart,
                List.of("one", "two"), List.of(), java.util.Map.of("one", "k", "two", "m"));

        assertThat(sameGroup.outcome()).isEqualTo(Outcome.GROUP_DUPLICATE);
        assertThat(sameGroup.outcomeDetail()).isEqualTo("group k: one (s1) and two (s2), all committed");
        assertThat(twoGroups.outcome()).isEqualTo(Outcome.SKIP);
    }

    /** One session whose claim statement returned two rows with a batch of one: an over-claim, not "nothing". */
    @Test
    void aClaimStatementReturningMoreThanItsBatchIsAnOverClaim() {
        Schedule schedule = Schedule.parse("one", "", "s1begin s1claim s1commit");
        StepRecord claim = step(schedule, 1, List.of("<claim query>"), List.of(new ClaimedAccount("one", true),
                new ClaimedAccount("two", false)), null, List.of(), null);
        List<TransactionRecord> took = List.of(new TransactionRecord("s1", List.of("one", "two"), TransactionRecord.End.COMMITTED, null, null));

        ScheduleResult batchOfOne = ScheduleResult.judge(schedule, "v", "READ COMMITTED", "fixture.sql", CLAIM, List.of(claim), List.of(),
                took, List.of("one", "two"), List.of(), java.util.Map.of(), 1);
        ScheduleResult unbounded = ScheduleResult.judge(schedule, "v", "READ COMMITTED", "fixture.sql", CLAIM, List.of(claim), List.of(),
                took, List.of("one", "two"), List.of(), java.util.Map.of(), null);

        assertThat(batchOfOne.outcome()).isEqualTo(Outcome.OVERCLAIM);
        assertThat(batchOfOne.outcomeDetail()).isEqualTo("s1claim's claim statement returned 2 rows, its batch is 1");
        assertThat(unbounded.outcome()).isEqualTo(Outcome.NOTHING);
    }

    /**
     * s1 claims "one" and holds it; s2's claim finds nothing while "two" is claimable and claimed by nobody: a silent
     * miss, as the oracle counts it (until 2026-11-30 the outcome said "skip").
     */
    @Test
    void aClaimFindingNothingWhileAnItemWaitsIsASilentMiss() {
        Schedule schedule = Schedule.parse("held", "", "s1begin s1claim s2begin s2claim s1commit s2commit");
        List<StepRecord> steps = new java.util.ArrayList<>();
        for (int i = 0; i < schedule.steps().size(); i++) {
            Step step = schedule.steps().get(i);
            boolean claim = step.action() == Action.CLAIM;
            boolean s1 = step.session() == 1;
            steps.add(new StepRecord(step, List.of(), claim ? (s1 ? List.of("one") : List.of()) : null, null,
                    // The runner reads claimable.sql after a claim that found nothing (s2's), not after one that took rows.
                    claim ? List.of(s1 ? 1 : 0) : List.of(), claim && !s1 ? List.of("two") : null, null, null, List.of(), false, null));
        }
        List<TimelineEntry> timeline = java.util.stream.IntStream.range(0, steps.size())
                .mapToObj(i -> new TimelineEntry(i, TimelineEntry.Kind.RAN)).toList();
        List<TransactionRecord> transactions = List.of(
                new TransactionRecord("s1", List.of("one"), TransactionRecord.End.COMMITTED, null, null),
                new TransactionRecord("s2", List.of(), TransactionRecord.End.COMMITTED, null, null));

        ScheduleResult r = ScheduleResult.judge(schedule, "v", "READ COMMITTED", "fixture.sql", CLAIM, steps, timeline, transactions,
                List.of("one", "two"), List.of("two"), java.util.Map.of(), 1);

        assertThat(r.outcome()).isEqualTo(Outcome.MISS);
        assertThat(r.outcomeDetail()).isEqualTo("s2claim found nothing while two was claimable and claimed by no other open transaction");
    }

    private static ScheduleResult judge(Schedule s, List<StepRecord> steps, List<TransactionRecord> txns, List<String> eligibleAtEnd) {
        return ScheduleResult.judge(s, "v", "READ COMMITTED", "seed", CLAIM, steps, List.of(), txns, List.of("one", "two"), eligibleAtEnd);
    }

    private static StepRecord step(Schedule s, int index, List<String> statements, List<ClaimedAccount> rows, String sqlState,
                                   List<String> waitedFor, String note) {
        StepRecord.ResultRows result = rows == null ? null : new StepRecord.ResultRows(List.of("id", "has_incremental"),
                rows.stream().map(r -> List.of(r.id(), r.hasIncremental() ? "t" : "f")).toList());
        return new StepRecord(s.steps().get(index), statements, rows == null ? null : rows.stream().map(ClaimedAccount::id).toList(),
                result, rows == null ? List.of() : List.of(rows.size()), null, sqlState, sqlState == null ? null : "duplicate key",
                waitedFor, false, note);
    }
}

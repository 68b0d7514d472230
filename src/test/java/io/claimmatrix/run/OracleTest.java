package io.claimmatrix.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle on hand-written histories: no database, every invariant and the verdict precedence. */
class OracleTest {

    /** A committed claim from time {@code seq} to {@code seq + 1} (arbitrary units: only order and overlap matter). */
    private static ClaimTransaction committed(int worker, int seq, String... keys) {
        return ClaimTransaction.committed(1, worker, seq, List.of(keys), List.of(keys.length), seq, seq + 1);
    }

    private static ClaimTransaction aborted(int worker, int seq, String sqlState, String... keys) {
        return ClaimTransaction.aborted(1, worker, seq, List.of(keys), List.of(keys.length), sqlState, "write", "boom", seq, seq + 1);
    }

    /** A claim statement that returned nothing, from {@code start} to {@code end}, and what claimable.sql then listed. */
    private static ClaimTransaction empty(int worker, long start, long end, String... claimableAfter) {
        return ClaimTransaction.empty(1, worker, 9, List.of(0), List.of(claimableAfter), start, end);
    }

    private static List<VariantRun.Round> round(Set<String> claimable, ClaimTransaction... transactions) {
        return round(claimable, Set.of(), Map.of(), transactions);
    }

    private static List<VariantRun.Round> round(Set<String> claimable, Set<String> atEnd, Map<String, String> groups,
                                                ClaimTransaction... transactions) {
        return List.of(new VariantRun.Round(1, "test", new LinkedHashSet<>(claimable), new LinkedHashSet<>(atEnd), groups,
                List.of(transactions), 1_000_000, false));
    }

    @Test
    void everyClaimableItemClaimedOnceIsSafe() {
        var tally = Oracle.tally(round(Set.of("one", "two"), committed(1, 1, "one"), committed(2, 1, "two")));

        assertThat(tally.committedClaims()).isEqualTo(2);
        assertThat(tally.committedDuplicates()).isZero();
        assertThat(tally.missedItems()).isZero();
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.SAFE);
        assertThat(tally.evidence()).isEmpty();
    }

    @Test
    void anItemInTwoCommittedTransactionsIsADuplicateWithEvidence() {
        var tally = Oracle.tally(round(Set.of("one", "two"), committed(1, 1, "one"), committed(2, 1, "one", "two")));

        assertThat(tally.committedDuplicates()).isEqualTo(1);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.DUPLICATES);
        assertThat(tally.evidence()).containsExactly("round 1: item one claimed by w1#1 and w2#1, all committed");
    }

    @Test
    void anAbortedSecondClaimIsNotADuplicateButIsCountedBySqlState() {
        var tally = Oracle.tally(round(Set.of("one"), committed(1, 1, "one"), aborted(2, 1, "23505", "one"), aborted(3, 1, "40001", "one")));

        assertThat(tally.committedDuplicates()).isZero();
        assertThat(tally.abortedClaims()).isEqualTo(2);
        assertThat(tally.abortsBySqlState()).containsEntry("23505", 1).containsEntry("40001", 1);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.ABORTS);
    }

    @Test
    void anItemStillClaimableWhenTheWorkersStoppedIsMissed() {
        var tally = Oracle.tally(round(Set.of("one", "two"), Set.of("two"), Map.of(), committed(1, 1, "one")));

        assertThat(tally.missedItems()).isEqualTo(1);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.INCOMPLETE);
        assertThat(tally.evidence()).singleElement().asString().contains("1 item(s) still claimable when every worker had stopped, e.g. two");
    }

    @Test
    void claimingAnItemThatWasNotClaimableIsIncomplete() {
        var tally = Oracle.tally(round(Set.of("one"), committed(1, 1, "one"), committed(2, 1, "three")));

        assertThat(tally.ineligibleClaims()).isEqualTo(1);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.INCOMPLETE);
    }

    @Test
    void theSameItemInDifferentRoundsIsNotADuplicate() {
        var rounds = List.of(
                new VariantRun.Round(1, "test", Set.of("one"), Set.of(), Map.of(), List.of(committed(1, 1, "one")), 1, false),
                new VariantRun.Round(2, "test", Set.of("one"), Set.of(), Map.of(), List.of(committed(2, 1, "one")), 1, false));

        assertThat(Oracle.tally(rounds).committedDuplicates()).isZero();
        assertThat(Oracle.tally(rounds).committedClaims()).isEqualTo(2);
    }

    @Test
    void twoItemsOfOneGroupClaimedByCommittedTransactionsAreGroupDuplicates() {
        Map<String, String> groups = Map.of("1", "k", "2", "k", "3", "m");
        var tally = Oracle.tally(round(Set.of("1", "2", "3"), Set.of(), groups, committed(1, 1, "1"), committed(2, 2, "2"), committed(1, 3, "3")));

        assertThat(tally.groupDuplicates()).isEqualTo(1);
        assertThat(tally.committedDuplicates()).isZero();
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.GROUP_DUPLICATES);
        assertThat(tally.evidence()).containsExactly("round 1: group k had items 1, 2 claimed by w1#1 and w2#2, all committed");
    }

    @Test
    void anAbortedClaimOfTheGroupsSecondItemIsNoGroupDuplicate() {
        Map<String, String> groups = Map.of("1", "k", "2", "k");
        var tally = Oracle.tally(round(Set.of("1", "2"), Set.of(), groups, committed(1, 1, "1"), aborted(2, 2, "23505", "2")));

        assertThat(tally.groupDuplicates()).isZero();
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.ABORTS);
    }

    @Test
    void aClaimStatementReturningMoreRowsThanItsBatchIsAnOverclaim() {
        String[] all = {"1", "2", "3", "4"};
        var tally = Oracle.tally(round(new LinkedHashSet<>(Arrays.asList(all)), committed(1, 1, all)), 1, null);

        assertThat(tally.overclaims()).isEqualTo(1);
        assertThat(tally.largestClaim()).isEqualTo(4);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.OVERCLAIM);
        assertThat(tally.evidence()).containsExactly("round 1: w1#1's claim statement returned 4 rows, its batch is 1, committed");
        assertThat(Oracle.tally(round(Set.of(all), committed(1, 1, all)), null, null).overclaims())
                .as("an unbounded claim (no LIMIT) cannot over-claim").isZero();
    }

    @Test
    void anEmptyClaimWhileItemsWaitedAndNoClaimHeldThemIsASilentMiss() {
        // w2 found nothing from 10 to 20; after it, claimable.sql listed 1 (held by w1, whose claim overlapped) and 3..5.
        ClaimTransaction holder = ClaimTransaction.committed(1, 1, 1, List.of("1", "2"), List.of(2), 5, 25);
        ClaimTransaction miss = empty(2, 10, 20, "1", "3", "4", "5");
        ClaimTransaction later = ClaimTransaction.committed(1, 1, 2, List.of("3", "4"), List.of(2), 30, 31);
        var tally = Oracle.tally(round(Set.of("1", "2", "3", "4", "5"), Set.of("5"), Map.of(), holder, miss, later));

        assertThat(tally.silentMisses()).isEqualTo(1);
        assertThat(Oracle.silentMiss(miss, List.of(holder, miss, later), Map.of())).containsExactly("3", "4", "5");
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.INCOMPLETE);
        assertThat(tally.evidence()).first().asString()
                .isEqualTo("round 1: w2#9 found nothing while 3 item(s) were claimable and held by no claim, e.g. 3, 4, 5");
    }

    @Test
    void anEmptyClaimWhileEveryClaimableItemWasHeldIsNoMiss() {
        ClaimTransaction holder = ClaimTransaction.committed(1, 1, 1, List.of("1", "2"), List.of(2), 5, 25);
        ClaimTransaction empty = empty(2, 10, 20, "1", "2");
        var tally = Oracle.tally(round(Set.of("1", "2"), holder, empty));

        assertThat(tally.silentMisses()).isZero();
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.SAFE);
    }

    @Test
    void anItemOfAGroupAnotherClaimHoldsIsHeldToo() {
        // A queue-row claim: w1 took job 1 of queue q and holds q's row; jobs 2 and 3 of q wait for it, not for w2.
        ClaimTransaction holder = ClaimTransaction.committed(1, 1, 1, List.of("1"), List.of(1), 5, 25);
        ClaimTransaction empty = empty(2, 10, 20, "2", "3", "4");
        Map<String, String> groups = Map.of("1", "q", "2", "q", "3", "q", "4", "r");

        assertThat(Oracle.silentMiss(empty, List.of(holder, empty), groups)).containsExactly("4");
    }

    @Test
    void aClaimThatFoundRowsAndKeptNoneIsCountedNotJudged() {
        ClaimTransaction dropped = ClaimTransaction.empty(1, 1, 1, List.of(1, 0), null, 0, 1);
        var tally = Oracle.tally(round(Set.of("1"), committed(2, 1, "1"), dropped));

        assertThat(tally.droppedClaims()).isEqualTo(1);
        assertThat(tally.silentMisses()).isZero();
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.SAFE);
    }

    @Test
    void anEmptyClaimBesideAClaimThatFailedMidStatementIsNotJudged() {
        // What the failed claim had locked is unknown: it may have been holding 3.
        ClaimTransaction failed = ClaimTransaction.aborted(1, 1, 1, List.of(), List.of(), "57014", "claim", "canceled", 5, 25);
        ClaimTransaction empty = empty(2, 10, 20, "3");

        assertThat(Oracle.silentMiss(empty, List.of(failed, empty), Map.of())).isEmpty();
    }

    @Test
    void withALeaseASecondClaimAfterTheLeasePassedIsARedeliveryNotADuplicate() {
        Duration lease = Duration.ofNanos(100);
        ClaimTransaction first = ClaimTransaction.committed(1, 1, 1, List.of("1"), List.of(1), 0, 10);
        // Began before the first claim's lease passed, but ended after it could have: its claim statement may have come later.
        ClaimTransaction afterLease = ClaimTransaction.committed(1, 2, 1, List.of("1"), List.of(1), 95, 105);
        ClaimTransaction withinLease = ClaimTransaction.committed(1, 3, 1, List.of("2"), List.of(1), 0, 10);
        ClaimTransaction again = ClaimTransaction.committed(1, 4, 1, List.of("2"), List.of(1), 50, 60);
        var tally = Oracle.tally(round(Set.of("1", "2"), first, afterLease, withinLease, again), 1, lease);

        assertThat(tally.leaseRedeliveries()).isEqualTo(1);
        assertThat(tally.committedDuplicates()).as("item 2 was claimed again while its lease held").isEqualTo(1);
        assertThat(tally.evidence()).anySatisfy(e -> assertThat(e).contains("item 1 claimed again by w2#1 after the lease"));
    }

    @Test
    void precedenceIsRejectedTimeoutDuplicatesGroupsOverclaimIncompleteAbortsSafe() {
        Map<String, String> groups = Map.of("1", "k", "2", "k");
        List<ClaimTransaction> all = new ArrayList<>(List.of(committed(1, 1, "1"), committed(2, 1, "1", "2"), aborted(3, 1, "40001", "1")));
        var everythingWrong = Oracle.tally(round(Set.of("1", "2", "3"), Set.of("3"), groups, all.toArray(ClaimTransaction[]::new)), 1, null);

        assertThat(Oracle.verdict(true, true, everythingWrong)).isEqualTo(Verdict.REJECTED);
        assertThat(Oracle.verdict(false, true, everythingWrong)).isEqualTo(Verdict.TIMEOUT);
        assertThat(Oracle.verdict(false, false, everythingWrong)).isEqualTo(Verdict.DUPLICATES);

        var groupAndOver = Oracle.tally(round(Set.of("1", "2"), Set.of("9"), groups, committed(1, 1, "1", "2")), 1, null);
        assertThat(Oracle.verdict(false, false, groupAndOver)).isEqualTo(Verdict.GROUP_DUPLICATES);
        var overAndMissed = Oracle.tally(round(Set.of("1", "2"), Set.of("9"), Map.of(), committed(1, 1, "1", "2")), 1, null);
        assertThat(Oracle.verdict(false, false, overAndMissed)).isEqualTo(Verdict.OVERCLAIM);
        var missedAndAborted = Oracle.tally(round(Set.of("one", "two"), Set.of("two"), Map.of(), committed(1, 1, "one"), aborted(2, 1, "40001", "two")));
        assertThat(Oracle.verdict(false, false, missedAndAborted)).isEqualTo(Verdict.INCOMPLETE);
    }
}

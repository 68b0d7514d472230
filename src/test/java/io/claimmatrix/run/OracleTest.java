package io.claimmatrix.run;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle on hand-written histories: no database, every invariant and the verdict precedence. */
class OracleTest {

    private static ClaimTransaction committed(int worker, int seq, String... accounts) {
        return ClaimTransaction.committed(1, worker, seq, List.of(accounts), seq, seq + 1);
    }

    private static ClaimTransaction aborted(int worker, int seq, String sqlState, String... accounts) {
        return ClaimTransaction.aborted(1, worker, seq, List.of(accounts), sqlState, "write", "boom", seq, seq + 1);
    }

    private static List<VariantRun.Round> round(Set<String> eligible, ClaimTransaction... transactions) {
        return List.of(new VariantRun.Round(1, "test", eligible, List.of(transactions), 1_000_000, false));
    }

    @Test
    void everyEligibleAccountClaimedOnceIsSafe() {
        var tally = Oracle.tally(round(Set.of("one", "two"), committed(1, 1, "one"), committed(2, 1, "two")));

        assertThat(tally.committedClaims()).isEqualTo(2);
        assertThat(tally.committedDuplicates()).isZero();
        assertThat(tally.missedAccounts()).isZero();
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.SAFE);
        assertThat(tally.evidence()).isEmpty();
    }

    @Test
    void anAccountInTwoCommittedTransactionsIsADuplicateWithEvidence() {
        var tally = Oracle.tally(round(Set.of("one", "two"), committed(1, 1, "one"), committed(2, 1, "one", "two")));

        assertThat(tally.committedDuplicates()).isEqualTo(1);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.DUPLICATES);
        assertThat(tally.evidence()).containsExactly("round 1: account one claimed by w1#1 and w2#1, all committed");
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
    void anEligibleAccountNobodyClaimedIsMissed() {
        var tally = Oracle.tally(round(Set.of("one", "two"), committed(1, 1, "one")));

        assertThat(tally.missedAccounts()).isEqualTo(1);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.INCOMPLETE);
        assertThat(tally.evidence()).singleElement().asString().contains("two");
    }

    @Test
    void claimingAnIneligibleAccountIsIncomplete() {
        var tally = Oracle.tally(round(Set.of("one"), committed(1, 1, "one"), committed(2, 1, "three")));

        assertThat(tally.ineligibleClaims()).isEqualTo(1);
        assertThat(Oracle.verdict(false, false, tally)).isEqualTo(Verdict.INCOMPLETE);
    }

    @Test
    void duplicatesAreCountedPerRoundNotAcrossRounds() {
        List<VariantRun.Round> rounds = List.of(
                new VariantRun.Round(1, "test", Set.of("one"), List.of(committed(1, 1, "one")), 1, false),
                new VariantRun.Round(2, "test", Set.of("one"), List.of(committed(2, 1, "one")), 1, false));

        assertThat(Oracle.tally(rounds).committedDuplicates()).isZero();
        assertThat(Oracle.tally(rounds).committedClaims()).isEqualTo(2);
    }

    @Test
    void precedenceIsRejectedTimeoutDuplicatesIncompleteAbortsSafe() {
        var everythingWrong = Oracle.tally(round(Set.of("one", "two"),
                committed(1, 1, "one"), committed(2, 1, "one"), committed(3, 1, "three"), aborted(4, 1, "40001")));

        assertThat(Oracle.verdict(true, true, everythingWrong)).isEqualTo(Verdict.REJECTED);
        assertThat(Oracle.verdict(false, true, everythingWrong)).isEqualTo(Verdict.TIMEOUT);
        assertThat(Oracle.verdict(false, false, everythingWrong)).isEqualTo(Verdict.DUPLICATES);

        var missedAndAborted = Oracle.tally(round(Set.of("one", "two"), committed(1, 1, "one"), aborted(2, 1, "40001", "two")));
        assertThat(Oracle.verdict(false, false, missedAndAborted)).isEqualTo(Verdict.INCOMPLETE);
    }
}

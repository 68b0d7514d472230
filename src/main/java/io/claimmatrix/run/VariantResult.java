package io.claimmatrix.run;

import io.claimmatrix.claim.Dimensions;

import java.util.List;
import java.util.Map;

/**
 * A variant's verdict with its evidence and reason: what every report prints.
 *
 * @param dimensions          where the variant sits in the matrix, or {@code null} for a strategy without dimensions
 * @param committedClaims     accounts claimed by committed transactions, summed over rounds
 * @param committedDuplicates (round, account) pairs claimed by more than one committed transaction
 * @param abortedClaims       claim transactions that rolled back
 * @param missedAccounts      (round, account) pairs eligible at the round's start and never claimed
 * @param ineligibleClaims    (round, account) pairs claimed though not eligible
 * @param verdictsByFixture   the verdict of each fixture shape's rounds alone (mixed, absent, present incremental imports)
 * @param evidence            a few concrete examples: which account, which transactions
 * @param reason              why, in a sentence or two a reader can check against the plan and the manual
 */
public record VariantResult(String name, List<String> aliases, Dimensions dimensions, String isolation, String fixture, Verdict verdict,
                            int committedClaims, int committedDuplicates, int abortedClaims,
                            Map<String, Integer> abortsBySqlState, int missedAccounts, int ineligibleClaims,
                            Map<String, Verdict> verdictsByFixture,
                            int rounds, int workers, double claimsPerSecond, long elapsedMillis,
                            String rejection, List<String> evidence, String reason, String sql,
                            Verdict expectedVerdict, String expectedWhy) {

    public boolean matchesExpectation() {
        return expectedVerdict == null || expectedVerdict == verdict;
    }

    /** The name with its short aliases, e.g. {@code left.lock-...limit1 (seed)}. */
    public String displayName() {
        return aliases.isEmpty() ? name : name + " (" + String.join(", ", aliases) + ")";
    }
}

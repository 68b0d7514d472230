package io.claimmatrix.search;

import io.claimmatrix.run.Verdict;

/**
 * What the search holds every interleaving to: the queue model's invariants, each its own question ("can any
 * interleaving of k sessions break this?"), with the soak verdict that the same failure gives.
 */
public enum Invariant {
    /** No item claimed by two transactions that both commit. */
    DUPLICATES("no item claimed by two committed transactions", Verdict.DUPLICATES),
    /** No two items of one exclusive group claimed by committed transactions (models with groups.sql). */
    GROUP_DUPLICATES("no two items of one group claimed by committed transactions", Verdict.GROUP_DUPLICATES),
    /** No claim statement returning more rows than its batch (strategies with a bounded batch). */
    OVERCLAIM("no claim statement returns more rows than its batch", Verdict.OVERCLAIM),
    /** No claim finding nothing while an item is claimable and claimed by no other open transaction. */
    MISS("no claim finds nothing while an item waits unheld", Verdict.INCOMPLETE),
    /** No item that was claimable is, at the end, neither claimed by a committed transaction nor claimable. */
    LOST("no claimable item is lost (neither claimed by a commit nor claimable at the end)", Verdict.INCOMPLETE),
    /** No transaction aborts (serialization failure, unique violation, deadlock): work to retry, not a wrong claim. */
    ABORTS("no transaction aborts", Verdict.ABORTS);

    private final String rule;
    private final Verdict verdict;

    Invariant(String rule, Verdict verdict) {
        this.rule = rule;
        this.verdict = verdict;
    }

    /** The rule, as a sentence a report prints. */
    public String rule() {
        return rule;
    }

    /** The soak verdict a violation of this invariant gives. */
    public Verdict verdict() {
        return verdict;
    }
}

package io.claimmatrix.run;

/** What a variant's run came to, in precedence order: the first that applies wins. */
public enum Verdict {
    /** PostgreSQL refused the claim query (e.g. FOR UPDATE on the nullable side of an outer join). */
    REJECTED("PostgreSQL refused the claim query"),
    /** The run did not finish before its deadline (a pile-up, a hang); what was measured until then is kept. */
    TIMEOUT("the run did not finish before its deadline"),
    /** Some item was claimed by more than one committed transaction in one round. */
    DUPLICATES("an item was claimed by two committed transactions"),
    /** Two items of one exclusive group were claimed by committed transactions in one round. */
    GROUP_DUPLICATES("two items of one exclusive group were claimed by committed transactions"),
    /** One claim statement returned more rows than its batch (its LIMIT, or the strategy's {@code batch}). */
    OVERCLAIM("one claim statement returned more rows than its batch"),
    /**
     * Some claimable item was left unclaimed when the workers stopped, a worker found nothing while items were
     * claimable and held by no claim, or an item that was not claimable was claimed.
     */
    INCOMPLETE("a claimable item was missed (or a worker found nothing while items waited), or one not claimable was claimed"),
    /** No duplicates, but some claim transactions aborted (serialization failure, unique violation, ...). */
    ABORTS("no duplicates, but claim transactions aborted"),
    /** Every claimable item claimed exactly once, no aborts. */
    SAFE("every claimable item claimed exactly once, no aborts");

    private final String meaning;

    Verdict(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}

package io.claimmatrix.run;

/** What a variant's run came to, in precedence order: the first that applies wins. */
public enum Verdict {
    /** PostgreSQL refused the claim query (e.g. FOR UPDATE on the nullable side of an outer join). */
    REJECTED("PostgreSQL refused the claim query"),
    /** The run did not finish before its deadline (a pile-up, a hang); what was measured until then is kept. */
    TIMEOUT("the run did not finish before its deadline"),
    /** Some account was claimed by more than one committed transaction in one round. */
    DUPLICATES("an account was claimed by two committed transactions"),
    /** Some eligible account was never claimed, or an ineligible one was. */
    INCOMPLETE("an eligible account was missed or an ineligible one claimed"),
    /** No duplicates, but some claim transactions aborted (serialization failure, unique violation, ...). */
    ABORTS("no duplicates, but claim transactions aborted"),
    /** Every eligible account claimed exactly once, no aborts. */
    SAFE("every eligible account claimed exactly once, no aborts");

    private final String meaning;

    Verdict(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}

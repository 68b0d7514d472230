package io.claimmatrix.schedule;

/** What a schedule run came to, in precedence order: the first that applies wins. */
public enum Outcome {
    /** PostgreSQL refused the claim query itself (class 42 or 0A000). */
    REJECTED("rejected"),
    /** An item was claimed by two transactions that both committed. */
    DUPLICATE("committed duplicate"),
    /** Two items of one exclusive group (groups.sql) were claimed by two transactions that both committed. */
    GROUP_DUPLICATE("committed group duplicate"),
    /** A claim statement returned more rows than its batch (the strategy's, else its LIMIT). */
    OVERCLAIM("over-claim"),
    /** A claim found nothing while an item was claimable and claimed by no other open transaction (a silent miss). */
    MISS("silent miss"),
    /** An item eligible at the start is, at the end, neither claimed by a committed transaction nor still eligible. */
    LOST("lost"),
    /** A transaction failed with a SQLSTATE (and nothing above happened). */
    ABORT("abort"),
    /** The sessions' claims returned different items: one passed over what another claimed (or came back empty). */
    SKIP("skip"),
    /** No conflict showed: every claim returned the same items, e.g. the row a rolled-back claim released. */
    NOTHING("nothing");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** As the timeline prints it, e.g. {@code committed duplicate}. */
    public String label() {
        return label;
    }
}

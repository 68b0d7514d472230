package testvariants;

import org.jooq.DSLContext;

/**
 * Every claim first waits for a transaction-level advisory lock that the test holds: the claim waits as long as the
 * test wants, exactly like a {@code FOR UPDATE} that piles up behind a lock nobody releases.
 */
public final class BlockedClaim extends MisbehavingClaim {

    private final long key;

    public BlockedClaim(String name, long key) {
        super(name);
        this.key = key;
    }

    @Override
    protected void beforeClaim(DSLContext dsl) {
        dsl.execute("SELECT pg_advisory_xact_lock(" + key + ")");
    }
}

package testvariants;

import io.claimmatrix.claim.ClaimSql;
import io.claimmatrix.claim.ClaimedAccount;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.claimmatrix.claim.ClaimSql.A;
import static io.claimmatrix.claim.ClaimSql.HAS_INCREMENTAL;
import static io.claimmatrix.claim.ClaimSql.INCR;
import static io.claimmatrix.claim.ClaimSql.INIT;

/**
 * A plain {@code FOR UPDATE} claim (waiting, no SKIP LOCKED) whose first writer stalls on the client side while it
 * holds its row locks: every other worker piles up behind it. Only {@code idle_in_transaction_session_timeout}
 * (or {@code lock_timeout}) ends the pile-up.
 */
public final class StalledWriterClaim extends MisbehavingClaim {

    private final Duration stall;
    private final AtomicBoolean stalled = new AtomicBoolean();

    public StalledWriterClaim(String name, Duration stall) {
        super(name);
        this.stall = stall;
    }

    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        return dsl.select(A.ID, HAS_INCREMENTAL)
                .from(A)
                .join(INIT).on(ClaimSql.initialJoin())
                .join(INCR).on(ClaimSql.incrementalJoin())
                .where(ClaimSql.eligible())
                .orderBy(A.LAST_UPDATED)
                .limit(1)
                .forUpdate().of(A, INIT, INCR);
    }

    @Override
    public List<Record2<String, Boolean>> claim(DSLContext dsl) {
        return claimQuery(dsl).fetch();
    }

    /** The client stalls (a GC pause, a slow RPC) with the transaction open: simulated, so a sleep is the point here. */
    @Override
    protected void beforeWrite(DSLContext dsl) {
        if (stalled.compareAndSet(false, true)) {
            try {
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

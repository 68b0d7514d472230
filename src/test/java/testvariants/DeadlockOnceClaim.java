package testvariants;

import org.jooq.DSLContext;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first two claims of the run deadlock, as two sessions that lock the same two rows in opposite order:
 * session 1 takes advisory lock A, session 2 takes B, both wait until the other holds its first lock, then
 * 1 asks for B and 2 for A. PostgreSQL's deadlock detector aborts one of them (40P01); the other goes on.
 * Every later claim is normal.
 */
public final class DeadlockOnceClaim extends MisbehavingClaim {

    private static final long A = 7_700_101L, B = 7_700_102L;

    private final AtomicInteger arrivals = new AtomicInteger();
    private final CyclicBarrier bothHoldTheirFirstLock = new CyclicBarrier(2);

    public DeadlockOnceClaim(String name) {
        super(name);
    }

    @Override
    protected void beforeClaim(DSLContext dsl) {
        int arrival = arrivals.incrementAndGet();
        if (arrival > 2) {
            return;
        }
        // Superuser-only; the embedded test server's user is one. Detect the deadlock in 100ms instead of 1s.
        dsl.execute("SET LOCAL deadlock_timeout = '100ms'");
        long first = arrival == 1 ? A : B, second = arrival == 1 ? B : A;
        dsl.execute("SELECT pg_advisory_xact_lock(" + first + ")");
        try {
            bothHoldTheirFirstLock.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other session never took its first lock", e);
        }
        dsl.execute("SELECT pg_advisory_xact_lock(" + second + ")");
    }
}

package testvariants;

import org.jooq.DSLContext;

import java.util.concurrent.atomic.AtomicBoolean;

/** The first claim of the run sleeps far beyond any test's statement_timeout; every other claim is normal. */
public final class SleepOnceClaim extends MisbehavingClaim {

    private final AtomicBoolean slept = new AtomicBoolean();

    public SleepOnceClaim(String name) {
        super(name);
    }

    @Override
    protected void beforeClaim(DSLContext dsl) {
        if (slept.compareAndSet(false, true)) {
            dsl.execute("SELECT pg_sleep(600)");
        }
    }
}

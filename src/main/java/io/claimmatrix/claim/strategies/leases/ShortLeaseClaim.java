package io.claimmatrix.claim.strategies.leases;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;

import static io.claimmatrix.claim.strategies.leases.LeasesSql.MEASURED;
import static io.claimmatrix.claim.strategies.leases.LeasesSql.leaseHead;

/**
 * The visibility-timeout receive of {@link LeaseClaim} with a lease shorter than a round (100 ms, the model's
 * {@code -- lease:}): a message nobody deletes is delivered again once its lease passes, until {@code max_attempts}
 * (3) ends it, so a round ends after at most three deliveries per message. It exists to show redelivery in a soak.
 *
 * <p>Locks: the head message, as {@link LeaseClaim}. No expectation is recorded: see the expectation's why for what the
 * oracle said and why it is not a verdict on the claim.
 */
public final class ShortLeaseClaim extends ClaimShape<Record1<Long>> {

    /** Shorter than a round; the model's {@code -- lease:} says the same, so the oracle knows it. */
    static final String LEASE = "100 milliseconds";

    public ShortLeaseClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "leases.short-lease";
    }

    @Override
    public String model() {
        return "leases";
    }

    @Override
    public String description() {
        return "SQS-style receive with a 100 ms lease, shorter than a round: a message is delivered again once its lease "
                + "passes, up to max_attempts; shows redelivery in a soak (no expectation: the verdict depends on timing).";
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        return leaseHead(dsl, LEASE);
    }

    /** No verdict: reported, not checked. The why says what was measured and why it is not a verdict on the claim. */
    @Override
    public Expectation expectation() {
        return new Expectation(null, "Not recorded: the verdict follows the machine's speed and two limits of the kit, not "
                + "the claim. " + MEASURED + ", 5 runs: read committed SAFE 2, INCOMPLETE 3 (fresh) and SAFE 2, DUPLICATES 3 "
                + "(stale); repeatable read ABORTS 3, DUPLICATES 2 and ABORTS 2, INCOMPLETE 1, DUPLICATES 2; serializable "
                + "DUPLICATES 4, ABORTS 1 under each condition. A message is delivered again only when a round outlasts "
                + "the lease. The oracle measures the lease from the first claim's end while the claim starts it at its "
                + "transaction's start (now()), so a redelivery that comes less than one claim's duration after the lease "
                + "passed counts as a duplicate: with a logging trigger (one read committed round on PostgreSQL 15) every "
                + "one of 200 re-claims came at least 100 ms after the previous claim's now(), none within a lease, yet "
                + "the oracle counted 96 duplicated messages beside 44 redeliveries. And workers stop at their first empty "
                + "claim, so a message whose lease passes after that is counted missed (INCOMPLETE).");
    }
}

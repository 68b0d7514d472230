package io.claimmatrix.claim.strategies.leases;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;

import static io.claimmatrix.claim.strategies.leases.LeasesSql.MEASURED;
import static io.claimmatrix.claim.strategies.leases.LeasesSql.leaseHead;

/**
 * A visibility-timeout receive, as SQS does it and PostgreSQL queues built like it (pgmq and others), here in the
 * scalar-subquery form: {@code UPDATE messages SET lease_until = now() + interval '30 seconds', attempts = attempts + 1
 * WHERE id = (SELECT id FROM messages WHERE attempts < max_attempts AND (lease_until IS NULL OR lease_until <= now())
 * ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id}.
 *
 * <p>Locks: the head message, in the scalar subquery (an InitPlan: it runs once, under both statistics conditions);
 * the claim is the lease it writes. The lease (30 s) outlasts a round, so a message is claimed once per round. Read
 * committed: a message another claim leased since the snapshot is re-checked when it is locked (EvalPlanQual) and
 * dropped, as its lease is now in force. Repeatable read and serializable: that lock fails with 40001.
 */
public final class LeaseClaim extends ClaimShape<Record1<Long>> {

    public LeaseClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "leases.lease";
    }

    @Override
    public String model() {
        return "leases";
    }

    @Override
    public String description() {
        return "SQS-style receive: UPDATE messages SET lease_until = now() + 30 s, attempts = attempts + 1 WHERE id = "
                + "(locking subquery with LIMIT 1) RETURNING id; the lease outlasts a round, so nothing is delivered twice.";
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        return leaseHead(dsl, "30 seconds");
    }

    @Override
    public Expectation expectation() {
        String plan = "The scalar subquery is an InitPlan under both statistics conditions (over an Index Scan of the key "
                + "when fresh, a Sort of a Seq Scan when stale): it runs once, so a statement leases one message, and the "
                + "30 s lease outlasts the round. ";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.SAFE, plan + "A message another claim leased since the snapshot is "
                    + "re-checked when locked (EvalPlanQual): its lease is in force, so it is dropped. " + MEASURED
                    + ", 6 runs: SAFE in 6 of 6 under each condition (300 claims, no redelivery).");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, plan + "At repeatable read the lock on a message leased "
                    + "after the snapshot fails with 40001. " + MEASURED + ", 6 runs and 8 more of the repeatable read "
                    + "variants: ABORTS in 14 of 14 under each condition, 1 to 71 aborts per run (all 40001), no duplicate; a "
                    + "thin margin (one run had 1).");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, plan + "At serializable that lock fails with 40001, and so do "
                    + "commits with read/write dependencies. " + MEASURED + ", 6 runs: ABORTS in 6 of 6 under each condition, "
                    + "425 to 683 aborts per run (all 40001), no duplicate.");
        };
    }
}

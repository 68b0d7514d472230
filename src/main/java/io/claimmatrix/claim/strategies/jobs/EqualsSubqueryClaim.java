package io.claimmatrix.claim.strategies.jobs;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;

import static io.claimmatrix.claim.strategies.jobs.JobsSql.MEASURED;
import static io.claimmatrix.claim.strategies.jobs.JobsSql.MEASURED_RR;
import static io.claimmatrix.claim.strategies.jobs.JobsSql.head;
import static io.claimmatrix.claim.strategies.jobs.JobsSql.markRunning;
import static io.claimmatrix.schema.jooq.jobs.Tables.JOBS;

/**
 * EQUALS-SUBQUERY
 */
public final class EqualsSubqueryClaim extends ClaimShape<Record1<Long>> {

    public EqualsSubqueryClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "jobs.equals-subquery";
    }

    @Override
    public String model() {
        return "jobs";
    }

    @Override
    public String description() {
        return "The delayed-job claim with id = (locking subquery with LIMIT 1) instead of IN: a scalar subquery, "
                + "planned as an InitPlan that runs once per statement whatever the statistics.";
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        return markRunning(dsl).where(JOBS.ID.eq(head(dsl, 1).forUpdate().skipLocked())).returningResult(JOBS.ID);
    }

    @Override
    public Expectation expectation() {
        String plan = "The scalar subquery is an InitPlan under both statistics conditions (Filter: id = (InitPlan 1).col1): "
                + "it runs once, so a statement takes one job. ";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.SAFE, plan + "A job another claim committed since the snapshot is "
                    + "re-checked when locked (EvalPlanQual) and dropped. " + MEASURED + ": SAFE in 6 of 6 (run once for both "
                    + "conditions, the plan being the same; 300 claims, no statement over 1 row).");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, plan + "At repeatable read the lock on a job changed after "
                    + "the snapshot fails with 40001 instead. " + MEASURED_RR + ": ABORTS in 14 of 14, 8 to 39 aborts "
                    + "per run (all 40001), no duplicate.");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, plan + "At serializable that lock fails with 40001, and so do "
                    + "commits with read/write dependencies. " + MEASURED + ": ABORTS in 6 of 6, 437 to 738 aborts per run "
                    + "(all 40001), no duplicate.");
        };
    }
}

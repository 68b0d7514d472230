package testvariants.junit;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import static io.claimmatrix.schema.jooq.jobs.Tables.JOBS;
import static testvariants.junit.HeadInSubqueryClaim.HEAD;

/** The same claim with the locking SELECT in a CTE: it runs once whatever the plan (the JUnit extension's tests). */
public class HeadCteClaim implements ClaimStrategy<Record1<Long>> {

    @Override
    public String name() {
        return "jobs.head-cte";
    }

    @Override
    public String description() {
        return "WITH head AS (SELECT ... LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE ... FROM head RETURNING id.";
    }

    @Override
    public Isolation isolation() {
        return Isolation.READ_COMMITTED;
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        CommonTableExpression<Record1<Long>> head = DSL.name("head").fields("id").as(dsl.select(HEAD.ID).from(HEAD)
                .where(HEAD.STATE.eq("ready")).orderBy(HEAD.RUN_AT, HEAD.ID).limit(DSL.inline(1)).forUpdate().skipLocked());
        return dsl.with(head).update(JOBS).set(JOBS.STATE, "running").from(head)
                .where(JOBS.ID.eq(head.field("id", Long.class))).returningResult(JOBS.ID);
    }

    @Override
    public Expectation expectation() {
        return null;
    }
}

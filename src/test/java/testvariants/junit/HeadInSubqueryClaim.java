package testvariants.junit;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import static io.claimmatrix.schema.jooq.jobs.Tables.JOBS;

/**
 * A project's claim as the JUnit extension's tests run it (not the catalogue: it lives outside {@code io.claimmatrix}):
 * the delayed-job shape, {@code UPDATE ... WHERE id IN (locking subquery LIMIT 1) RETURNING id}, on the jobs model's
 * generated classes. Under stale statistics the planner rescans the subquery per job and the statement claims many.
 */
public class HeadInSubqueryClaim implements ClaimStrategy<Record1<Long>> {

    static final io.claimmatrix.schema.jooq.jobs.tables.Jobs HEAD = JOBS.as("head");

    @Override
    public String name() {
        return "jobs.head-in-subquery";
    }

    @Override
    public String description() {
        return "UPDATE ... WHERE id IN (SELECT ... LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id.";
    }

    @Override
    public Isolation isolation() {
        return Isolation.READ_COMMITTED;
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        return dsl.update(JOBS).set(JOBS.STATE, "running")
                .where(JOBS.ID.in(dsl.select(HEAD.ID).from(HEAD).where(HEAD.STATE.eq("ready"))
                        .orderBy(HEAD.RUN_AT, HEAD.ID).limit(DSL.inline(1)).forUpdate().skipLocked()))
                .returningResult(JOBS.ID);
    }

    @Override
    public Expectation expectation() {
        return null;
    }
}

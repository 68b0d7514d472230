package io.claimmatrix.claim.strategies.jobs;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;

import java.util.List;

import static io.claimmatrix.claim.strategies.jobs.JobsSql.MEASURED;
import static io.claimmatrix.claim.strategies.jobs.JobsSql.MEASURED_RR;
import static io.claimmatrix.claim.strategies.jobs.JobsSql.head;
import static io.claimmatrix.claim.strategies.jobs.JobsSql.markRunning;
import static io.claimmatrix.claim.strategies.jobs.JobsSql.readThenLock;
import static io.claimmatrix.schema.jooq.jobs.Tables.JOBS;

/**
 * A claim in two statements, the "Any queue" issue's input 4 and a common hand-rolled claim: read the head job with no
 * lock ({@code SELECT id FROM jobs WHERE ready ORDER BY run_at, id LIMIT 1}), then lock it by its key
 * ({@code SELECT id FROM jobs WHERE id = ? FOR UPDATE}, waiting for a holder) and mark it running.
 *
 * <p>Locks: the job read, by key only. Not safe at read committed: two workers read the same head job; one locks it,
 * marks it running and commits; the other's lock, which waited, then re-checks the newest version of the row against
 * its own WHERE (EvalPlanQual), which says only {@code id = ?}: it holds, so the job already taken is returned and
 * marked running again. (The jobs table's {@code CHECK (attempts <= max_attempts)} rejects a job's fourth claim with
 * 23514, which bounds how often one job is taken, not whether.) At repeatable read and serializable the lock on a job
 * another claim changed after the transaction's snapshot fails with 40001: no duplicate, but many aborts, as every
 * worker reads the same head. The claim statement the kit plans and shows is the first (the read).
 */
public final class LockByIdClaim extends ClaimShape<Record1<Long>> {

    public LockByIdClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "jobs.lock-by-id";
    }

    @Override
    public String model() {
        return "jobs";
    }

    @Override
    public String description() {
        return "Read the head job with no lock, then SELECT ... WHERE id = ? FOR UPDATE (the \"Any queue\" issue's input 4, a "
                + "hand-rolled two-step claim): after a holder commits, only id = ? is re-checked, so a job already taken is "
                + "taken again.";
    }

    /** The first statement: the head job, read with no lock. */
    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        return head(dsl, 1);
    }

    @Override
    public List<Record1<Long>> claim(DSLContext dsl) {
        return readThenLock(dsl, head(dsl, 1), JOBS.ID::eq);
    }

    @Override
    public void write(DSLContext dsl, List<Record1<Long>> claimed) {
        markRunning(dsl, claimed);
    }

    @Override
    public Expectation expectation() {
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.DUPLICATES, "Workers read the same head job; after the holder "
                    + "commits, a waiting lock re-checks the newest row only against id = ? (EvalPlanQual), returns the job "
                    + "already taken, and the write marks it running again. " + MEASURED + ": DUPLICATES in 6 of 6 (run once "
                    + "for both conditions: the read plans the same), 251 to 274 jobs claimed by two or more committed "
                    + "claims per run; 151 to 332 writes refused with 23514 by CHECK (attempts <= max_attempts), a job's "
                    + "fourth claim.");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, "Workers read the same head job; at repeatable read the "
                    + "lock on a job another claim changed after the snapshot fails with 40001 instead of returning it. "
                    + MEASURED_RR + ": ABORTS in 14 of 14, 1062 to 1622 aborts per run (all 40001), no duplicate.");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, "Workers read the same head job; at serializable the lock on a "
                    + "job another claim changed after the snapshot fails with 40001. " + MEASURED + ": ABORTS in 6 of 6, "
                    + "1073 to 1595 aborts per run (all 40001), no duplicate.");
        };
    }
}

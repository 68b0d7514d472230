package io.claimmatrix.claim.strategies.tasks;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import static io.claimmatrix.claim.strategies.tasks.TasksSql.candidates;
import static io.claimmatrix.claim.strategies.tasks.TasksSql.takeAll;

/**
 * Tasks joined to their batch under a bare locking clause: {@code WITH c AS (SELECT t.id FROM tasks t JOIN batches b
 * ON b.id = t.batch_id WHERE <claimable> ORDER BY t.id LIMIT 2 FOR UPDATE SKIP LOCKED) UPDATE tasks SET state =
 * 'running', lease_until = now() + 5 minutes ... FROM c WHERE tasks.id = c.id RETURNING id}. The "Any queue" issue's
 * input 2: child rows claimed through a join to their parent, the shape a public review of Noveum/orbit pull request 373
 * questioned in a notification-delivery claim (deliveries joined to their notification, no OF).
 *
 * <p>Locks: the tasks it takes and, since a locking clause without OF covers every table in FROM, their batch row too
 * (PostgreSQL manual, SELECT, "The Locking Clause"). No task is taken twice: the task rows are locked, then updated.
 * But while one claim holds a batch row, every other claim's SKIP LOCKED skips each task of that batch (a joined row is
 * returned only if all its rows can be locked), so it returns nothing while dozens of that batch's tasks are claimable
 * and held by no claim: its worker idles (the harness stops it) while work waits. A claim that skips a task for its
 * batch also keeps the lock it took on the task row first, until it ends: the next claim skips that task too, which is
 * how every worker sometimes stops with tasks left. Isolation and statistics change neither: the join order may
 * change, the rows locked do not. Under REPEATABLE READ and SERIALIZABLE some claims also fail with 40001.
 */
public final class JoinParentLockAllClaim extends ClaimShape<Record1<Long>> {

    public JoinParentLockAllClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "tasks.join-parent-lock-all";
    }

    @Override
    public String model() {
        return "tasks";
    }

    @Override
    public String description() {
        return "Tasks joined to their batch under FOR UPDATE SKIP LOCKED without OF (the 'Any queue' issue's input 2, a "
                + "child-joined-to-parent claim): it locks the batch row too, so while one claim holds a batch the others "
                + "skip all its tasks and find nothing.";
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        // No OF: the locking clause covers every table in FROM, the batch as well as the task.
        return takeAll(dsl, DSL.name("c").as(candidates(dsl).forUpdate().skipLocked()));
    }

    /** The same under fresh and stale statistics (measured under both). */
    @Override
    public Expectation expectation() {
        String how = " Measured with 'matrix --variants tasks.join-parent-lock-all.* --rounds 3' (8 workers, 6 rounds: "
                + "LIMIT 2), 5 runs under each statistics condition: INCOMPLETE in 10 of 10";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.INCOMPLETE, "While one claim holds a batch row every other "
                    + "claim skips all its tasks: with 2 batches of 50 tasks and 8 workers, 6 workers find nothing at once "
                    + "and a seventh when the two survivors meet on the last batch." + how + ", 42 or 43 silent misses "
                    + "each; in 3 of 10 runs every worker stopped with 84 or 90 tasks left (a claim that skips tasks for "
                    + "their batch holds their row locks until it ends, so the last claim running skips them too).");
            case REPEATABLE_READ -> new Expectation(Verdict.INCOMPLETE, "The batch-row lock makes claims skip whole "
                    + "batches as under READ COMMITTED; a claim that locks a task taken after its snapshot fails with "
                    + "40001 instead of re-checking it." + how + ", 9 to 36 silent misses, 3 to 16 aborts (40001), "
                    + "84 to 94 tasks left in 3 of 10.");
            case SERIALIZABLE -> new Expectation(Verdict.INCOMPLETE, "The batch-row lock makes claims skip whole batches "
                    + "as under READ COMMITTED; serialization failures (40001) come on top." + how
                    + ", 16 to 37 silent misses, 24 to 59 aborts (40001).");
        };
    }
}

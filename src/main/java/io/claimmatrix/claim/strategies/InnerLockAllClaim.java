package io.claimmatrix.claim.strategies;

import io.claimmatrix.claim.ClaimWithDimensions;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Dimensions.Join;
import io.claimmatrix.claim.Dimensions.Lock;
import io.claimmatrix.claim.Dimensions.Strength;
import io.claimmatrix.claim.Dimensions.Table;
import io.claimmatrix.claim.Dimensions.Wait;
import io.claimmatrix.claim.Dimensions.WritePath;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;


import static io.claimmatrix.claim.ClaimSql.A;
import static io.claimmatrix.claim.ClaimSql.HAS_INCREMENTAL;
import static io.claimmatrix.claim.ClaimSql.INCR;
import static io.claimmatrix.claim.ClaimSql.INIT;
import static io.claimmatrix.claim.ClaimSql.eligible;
import static io.claimmatrix.claim.ClaimSql.incrementalJoin;
import static io.claimmatrix.claim.ClaimSql.initialJoin;
import static io.claimmatrix.claim.ClaimSql.limitOf;

/**
 * The seed's workaround: INNER JOIN the incremental import and lock it too,
 * {@code FOR UPDATE OF a, init, incr SKIP LOCKED}, READ COMMITTED. Every account must already have an
 * incremental import (the harness pre-creates them as {@code completed}): that is the trade-off.
 *
 * <p>Locks: the account, its initial import and the incremental import the claim then updates.
 * Safe: when a worker reaches an incremental import that a committed claim updated, PostgreSQL re-checks the
 * newest versions of the locked rows (EvalPlanQual), sees {@code pending} and drops the account.
 */
public final class InnerLockAllClaim extends ClaimWithDimensions {

    private static final Dimensions DIMENSIONS = new Dimensions(Join.INNER,
            Lock.of(Table.ACCOUNTS, Table.INITIAL, Table.INCREMENTAL),
            Strength.UPDATE, Wait.SKIP, Isolation.READ_COMMITTED, WritePath.UPDATE_INSERT, false, 1);

    public InnerLockAllClaim() {
        super(DIMENSIONS, "inner-lock-all");
    }

    @Override
    public String description() {
        return "The seed's workaround: INNER JOIN the incremental import and lock all three rows.";
    }

    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        return dsl.select(A.ID, HAS_INCREMENTAL)
                .from(A)
                .join(INIT).on(initialJoin())
                .join(INCR).on(incrementalJoin())
                .where(eligible())
                .orderBy(A.LAST_UPDATED)
                .limit(limitOf(1))
                .forUpdate().of(A, INIT, INCR).skipLocked();
    }

    @Override
    public Expectation expectation() {
        return new Expectation(Verdict.SAFE,
                "the claim locks the incremental import that a committed claim updated, so PostgreSQL re-checks "
                        + "the newest row versions (EvalPlanQual), sees 'pending' and skips the account");
    }
}

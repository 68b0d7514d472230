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
 * The seed's claim, as reported: accounts INNER JOIN the initial import, LEFT JOIN the incremental import,
 * {@code FOR UPDATE OF a, init SKIP LOCKED}, READ COMMITTED; then UPDATE existing incremental imports to
 * {@code pending} and INSERT the missing ones.
 *
 * <p>Locks: the account and its initial import, never the incremental import that decides eligibility.
 * Not safe: a worker whose snapshot predates another worker's commit still sees the old incremental import;
 * the account row was only locked, never updated, so PostgreSQL locks it without re-checking (no EvalPlanQual)
 * and returns it a second time.
 */
public final class SeedClaim extends ClaimWithDimensions {

    private static final Dimensions DIMENSIONS = new Dimensions(Join.LEFT, Lock.of(Table.ACCOUNTS, Table.INITIAL),
            Strength.UPDATE, Wait.SKIP, Isolation.READ_COMMITTED, WritePath.UPDATE_INSERT, false, 1);

    public SeedClaim() {
        super(DIMENSIONS, "seed");
    }

    @Override
    public String description() {
        return "The seed's query: LEFT JOIN the incremental import, lock only accounts and the initial import.";
    }

    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        return dsl.select(A.ID, HAS_INCREMENTAL)
                .from(A)
                .join(INIT).on(initialJoin())
                .leftJoin(INCR).on(incrementalJoin())
                .where(eligible())
                .orderBy(A.LAST_UPDATED)
                .limit(limitOf(1))
                .forUpdate().of(A, INIT).skipLocked();
    }

    @Override
    public Expectation expectation() {
        // Measured: see the comment on the DUPLICATES case in MatrixTest for the detection rate.
        return new Expectation(Verdict.DUPLICATES,
                "a claim whose snapshot predates another worker's commit locks the same account: the account and "
                        + "initial rows were only locked, not updated, so no re-check runs and the old snapshot's "
                        + "'completed or absent' incremental import still qualifies");
    }
}

package io.claimmatrix.claim;

import io.claimmatrix.claim.Dimensions.Join;
import io.claimmatrix.claim.Dimensions.Lock;
import io.claimmatrix.claim.Dimensions.Table;
import io.claimmatrix.claim.Dimensions.Wait;
import io.claimmatrix.model.Statistics;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.SelectForUpdateOfStep;
import org.jooq.SelectForUpdateWaitStep;
import org.jooq.SelectForUpdateStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.claimmatrix.claim.ClaimSql.A;
import static io.claimmatrix.claim.ClaimSql.HAS_INCREMENTAL;
import static io.claimmatrix.claim.ClaimSql.INCR;
import static io.claimmatrix.claim.ClaimSql.INIT;
import static io.claimmatrix.claim.ClaimSql.eligible;
import static io.claimmatrix.claim.ClaimSql.incrementalJoin;
import static io.claimmatrix.claim.ClaimSql.initialJoin;
import static io.claimmatrix.claim.ClaimSql.limitOf;

/**
 * A claim built from its {@link Dimensions}: the seed's query with the join to the incremental import, the locking
 * clause (tables, strength, SKIP LOCKED or wait), the LIMIT, an optional re-check and the write path as the
 * dimensions say. What it locks and why it is (or is not) safe is worked out by {@code Reasons} from the same
 * dimensions, and measured by the harness; its expected verdict is the one recorded in {@code docs/matrix.md}.
 */
public final class ComposedClaim extends ClaimWithDimensions {

    private final Dimensions dimensions;

    public ComposedClaim(Dimensions dimensions) {
        super(dimensions);
        this.dimensions = dimensions;
    }

    @Override
    public String description() {
        String lock = dimensions.lock().kind() == Lock.Kind.NONE ? "no locking clause" : dimensions.lockClauseSql();
        return dimensions.join().code.toUpperCase() + " JOIN the incremental import, " + lock + ", "
                + dimensions.isolation().sql() + ", " + dimensions.write().code + (dimensions.recheck() ? ", re-check in a second statement" : "")
                + ", LIMIT " + dimensions.limit() + ".";
    }

    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        var from = dsl.select(A.ID, HAS_INCREMENTAL).from(A).join(INIT).on(initialJoin());
        var joined = dimensions.join() == Join.INNER ? from.join(INCR).on(incrementalJoin()) : from.leftJoin(INCR).on(incrementalJoin());
        SelectForUpdateStep<Record2<String, Boolean>> limited = joined.where(eligible()).orderBy(A.LAST_UPDATED).limit(limitOf(dimensions.limit()));
        return lock(limited);
    }

    private ResultQuery<Record2<String, Boolean>> lock(SelectForUpdateStep<Record2<String, Boolean>> query) {
        Lock lock = dimensions.lock();
        if (lock.kind() == Lock.Kind.NONE) {
            return query;
        }
        SelectForUpdateOfStep<Record2<String, Boolean>> strength = switch (dimensions.strength()) {
            case UPDATE -> query.forUpdate();
            case NO_KEY_UPDATE -> query.forNoKeyUpdate();
            case SHARE -> query.forShare();
        };
        SelectForUpdateWaitStep<Record2<String, Boolean>> targets = lock.kind() == Lock.Kind.ALL ? strength
                : strength.of(lock.tables().stream().sorted().map(ComposedClaim::alias).toArray(org.jooq.Table[]::new));
        return dimensions.waitPolicy() == Wait.SKIP ? targets.skipLocked() : targets;
    }

    private static org.jooq.Table<?> alias(Table t) {
        return switch (t) {
            case ACCOUNTS -> A;
            case INITIAL -> INIT;
            case INCREMENTAL -> INCR;
        };
    }

    /**
     * With a re-check, a second statement (so, under READ COMMITTED, a new snapshot taken after the locks were
     * granted) keeps only the claimed accounts that are still eligible.
     */
    @Override
    public List<Record2<String, Boolean>> claim(DSLContext dsl) {
        List<Record2<String, Boolean>> claimed = super.claim(dsl);
        if (!dimensions.recheck() || claimed.isEmpty()) {
            return claimed;
        }
        Set<String> ids = claimed.stream().map(Record2::value1).collect(Collectors.toSet());
        var from = dsl.select(A.ID).from(A).join(INIT).on(initialJoin());
        var joined = dimensions.join() == Join.INNER ? from.join(INCR).on(incrementalJoin()) : from.leftJoin(INCR).on(incrementalJoin());
        Set<String> stillEligible = new java.util.HashSet<>(joined.where(A.ID.in(ids)).and(eligible()).fetch(A.ID));
        List<Record2<String, Boolean>> kept = new ArrayList<>();
        for (Record2<String, Boolean> c : claimed) {
            if (stillEligible.contains(c.value1())) {
                kept.add(c);
            }
        }
        return kept;
    }

    @Override
    public Expectation expectation() {
        return expectation(Statistics.FRESH);
    }

    /** As recorded in docs/matrix.md for that condition. */
    @Override
    public Expectation expectation(Statistics statistics) {
        return ExpectedMatrix.recorded().expectation(name(), statistics);
    }

}

package testvariants;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.claim.WritePaths;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.Table;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.claimmatrix.claim.ClaimSql.A;
import static io.claimmatrix.claim.ClaimSql.HAS_INCREMENTAL;
import static io.claimmatrix.claim.ClaimSql.INCR;
import static io.claimmatrix.claim.ClaimSql.INIT;
import static io.claimmatrix.claim.ClaimSql.eligible;
import static io.claimmatrix.claim.ClaimSql.incrementalJoin;
import static io.claimmatrix.claim.ClaimSql.initialJoin;

/**
 * A claim composed from {@link Dimensions}, for exercising the schedules over the whole dimension space in tests
 * (the catalogue's own composed matrix is the lead's). Not under io.claimmatrix, so the catalogue never scans it.
 */
public final class ComposedClaim implements ClaimStrategy {

    private final Dimensions d;
    private final Expectation expectation;

    public ComposedClaim(Dimensions d, Expectation expectation) {
        this.d = d;
        this.expectation = expectation;
    }

    public ComposedClaim withExpectation(Verdict verdict, String why) {
        return new ComposedClaim(d, new Expectation(verdict, why));
    }

    @Override
    public String name() {
        return d.name();
    }

    @Override
    public String description() {
        return "composed for tests: " + d.name();
    }

    @Override
    public Isolation isolation() {
        return d.isolation();
    }

    @Override
    public Optional<Dimensions> dimensions() {
        return Optional.of(d);
    }

    @Override
    public boolean needsIncrementalRows() {
        return d.join() == Dimensions.Join.INNER;
    }

    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        var from = dsl.select(A.ID, HAS_INCREMENTAL).from(A).join(INIT).on(initialJoin());
        var joined = d.join() == Dimensions.Join.LEFT ? from.leftJoin(INCR).on(incrementalJoin()) : from.join(INCR).on(incrementalJoin());
        var limited = joined.where(eligible()).orderBy(A.LAST_UPDATED).limit(d.limit());
        if (d.lock().kind() == Dimensions.Lock.Kind.NONE) {
            return limited;
        }
        var locked = switch (d.strength()) {
            case UPDATE -> limited.forUpdate();
            case NO_KEY_UPDATE -> limited.forNoKeyUpdate();
            case SHARE -> limited.forShare();
        };
        if (d.lock().kind() == Dimensions.Lock.Kind.OF) {
            Table<?>[] tables = d.lock().tables().stream().sorted().map(t -> switch (t) {
                case ACCOUNTS -> A;
                case INITIAL -> INIT;
                case INCREMENTAL -> INCR;
            }).toArray(Table<?>[]::new);
            var of = locked.of(tables);
            return d.waitPolicy() == Dimensions.Wait.SKIP ? of.skipLocked() : of;
        }
        return d.waitPolicy() == Dimensions.Wait.SKIP ? locked.skipLocked() : locked;
    }

    @Override
    public List<ClaimedAccount> claim(DSLContext dsl) {
        List<ClaimedAccount> rows = ClaimStrategy.super.claim(dsl);
        if (!d.recheck() || rows.isEmpty()) {
            return rows;
        }
        Set<String> still = dsl.select(A.ID).from(A).join(INIT).on(initialJoin()).leftJoin(INCR).on(incrementalJoin())
                .where(eligible()).and(A.ID.in(rows.stream().map(ClaimedAccount::id).toList()))
                .fetchSet(A.ID);
        return rows.stream().filter(r -> still.contains(r.id())).toList();
    }

    @Override
    public void write(DSLContext dsl, List<ClaimedAccount> claimed) {
        WritePaths.write(d.write(), dsl, claimed);
    }

    @Override
    public Expectation expectation() {
        return expectation;
    }
}

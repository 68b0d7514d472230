package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.schema.Fixture;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strategy as a benchmark measures it: on one fixture shape only (e.g. {@code present}, so every claim UPDATEs),
 * and optionally with a budget of accounts: once the round's claims have taken that many, every further claim
 * comes back empty without a statement, so the harness's workers stop as if the queue were drained. That lets the
 * kit and pgbench do exactly the same number of claims from the same rows. Everything else is the wrapped strategy's.
 *
 * <p>With a budget, a claim that comes back empty while accounts are left means its re-check dropped the account
 * (another worker claimed it first); the harness would take that for a drained queue and stop the worker, shrinking
 * the pool mid-run. The wrapper claims again in the same transaction instead (a new statement, so a new snapshot,
 * which no longer sees the dropped account as eligible), as a worker polling a deep queue would, and counts the drop.
 *
 * @param budget  accounts left to claim in this round, shared by the workers; {@code null} for no budget
 * @param dropped claims whose re-check dropped the account (with a budget only)
 */
record MeasuredStrategy(ClaimStrategy strategy, Fixture.Shape shape, AtomicLong budget, AtomicLong dropped) implements ClaimStrategy {

    /** Tries per transaction before an empty claim is taken as a drained queue after all. */
    private static final int MAX_CLAIMS_PER_TRANSACTION = 10;

    MeasuredStrategy(ClaimStrategy strategy, Fixture.Shape shape) {
        this(strategy, shape, null, null);
    }

    MeasuredStrategy(ClaimStrategy strategy, Fixture.Shape shape, long budget) {
        this(strategy, shape, new AtomicLong(budget), new AtomicLong());
    }

    @Override
    public String name() {
        return strategy.name();
    }

    @Override
    public List<String> aliases() {
        return strategy.aliases();
    }

    @Override
    public String description() {
        return strategy.description();
    }

    @Override
    public Isolation isolation() {
        return strategy.isolation();
    }

    /**
     * None: the harness runs a LIMIT n variant n times the rounds, so that a matrix run gives it as many claim
     * transactions as the others; a benchmark run is one round and counts its own claims.
     */
    @Override
    public Optional<Dimensions> dimensions() {
        return Optional.empty();
    }

    @Override
    public boolean needsIncrementalRows() {
        return strategy.needsIncrementalRows();
    }

    @Override
    public List<Fixture.Shape> fixtureShapes() {
        return List.of(shape);
    }

    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        return strategy.claimQuery(dsl);
    }

    @Override
    public List<ClaimedAccount> claim(DSLContext dsl) {
        if (budget == null) {
            return strategy.claim(dsl);
        }
        // Taken before the claim runs, so concurrent workers never overshoot: a claim of LIMIT n takes n.
        if (budget.getAndAdd(-limit()) <= 0) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            List<ClaimedAccount> claimed = strategy.claim(dsl);
            if (!claimed.isEmpty() || attempt == MAX_CLAIMS_PER_TRANSACTION) {
                return claimed;
            }
            dropped.incrementAndGet();
        }
    }

    @Override
    public void write(DSLContext dsl, List<ClaimedAccount> claimed) {
        strategy.write(dsl, claimed);
    }

    private int limit() {
        return strategy.dimensions().map(Dimensions::limit).orElse(1);
    }

    @Override
    public Expectation expectation() {
        return strategy.expectation();
    }
}

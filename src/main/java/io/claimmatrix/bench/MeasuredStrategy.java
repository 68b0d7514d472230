package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.SeedFixtureShapes;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strategy as a benchmark measures it: on one fixture shape only (e.g. {@code present}, so every claim UPDATEs),
 * and optionally with a budget of claims: once the round's claim statements have taken that many accounts (LIMIT n
 * takes n), every further claim comes back empty without a statement, so the harness's workers stop as if the
 * queue were drained. That lets the kit and pgbench run exactly the same number of claims from the same rows.
 * Everything else is the wrapped strategy's.
 *
 * <p>With a budget, a claim that comes back empty while the budget lasts means its re-check dropped the account
 * (another worker claimed it first); the harness would take that for a drained queue and stop the worker, shrinking
 * the pool mid-run. The wrapper claims again in the same transaction instead (a new statement, so a new snapshot,
 * which no longer sees the dropped account as eligible), as a worker polling a deep queue would, and counts the drop.
 * The dropped claim spends budget as pgbench's dropped transaction does: measured, a kit that claimed 1,024 accounts
 * while pgbench ran 1,024 transactions (about 500 claims) went twice as deep into the queue and reached 0.4 to 0.6
 * of pgbench's claims per second; the budget of claims makes the two runs the same work.
 *
 * @param budget  claims (accounts a claim statement may take) left in this round, shared by the workers; {@code null} for no budget
 * @param dropped claims whose re-check dropped the account (with a budget only)
 */
record MeasuredStrategy(ClaimStrategy<?> strategy, Fixture.Shape shape, AtomicLong budget, AtomicLong dropped)
        implements ClaimStrategy<Record>, SeedFixtureShapes {

    /** Tries per transaction before an empty claim is taken as a drained queue after all. */
    private static final int MAX_CLAIMS_PER_TRANSACTION = 10;

    MeasuredStrategy(ClaimStrategy<?> strategy, Fixture.Shape shape) {
        this(strategy, shape, null, null);
    }

    MeasuredStrategy(ClaimStrategy<?> strategy, Fixture.Shape shape, long budget) {
        this(strategy, shape, new AtomicLong(budget), new AtomicLong());
    }

    /** The seed fixture shapes a strategy is measured on ({@link SeedFixtureShapes}; all three for any other). */
    static List<Fixture.Shape> shapesOf(ClaimStrategy<?> strategy) {
        return strategy instanceof SeedFixtureShapes s ? s.fixtureShapes()
                : List.of(Fixture.Shape.MIXED, Fixture.Shape.ABSENT, Fixture.Shape.PRESENT);
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
        return strategy instanceof SeedFixtureShapes s && s.needsIncrementalRows();
    }

    @Override
    public String model() {
        return strategy.model();
    }

    @Override
    public List<Fixture.Shape> fixtureShapes() {
        return List.of(shape);
    }

    @SuppressWarnings("unchecked")
    @Override
    public ResultQuery<Record> claimQuery(DSLContext dsl) {
        return (ResultQuery<Record>) strategy.claimQuery(dsl);
    }

    @SuppressWarnings("unchecked")
    @Override
    public List<Record> claim(DSLContext dsl) {
        if (budget == null) {
            return (List<Record>) strategy.claim(dsl);
        }
        for (int attempt = 1; ; attempt++) {
            // Taken before each claim statement, a dropped one's too (see above), so concurrent workers never overshoot.
            if (budget.getAndAdd(-limit()) <= 0) {
                return List.of();
            }
            List<Record> claimed = (List<Record>) strategy.claim(dsl);
            if (!claimed.isEmpty() || attempt == MAX_CLAIMS_PER_TRANSACTION) {
                return claimed;
            }
            dropped.incrementAndGet();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    public void write(DSLContext dsl, List<Record> claimed) {
        ((ClaimStrategy) strategy).write(dsl, claimed);
    }

    private int limit() {
        return strategy.dimensions().map(Dimensions::limit).orElse(1);
    }

    @Override
    public Expectation expectation() {
        return strategy.expectation();
    }

    @Override
    public Expectation expectation(Statistics statistics) {
        return strategy.expectation(statistics);
    }
}

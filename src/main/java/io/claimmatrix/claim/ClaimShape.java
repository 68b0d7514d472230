package io.claimmatrix.claim;

import org.jooq.Record;

/**
 * Base of a claim shape measured at every isolation level: one class per shape (its claim statement, its write, what it
 * locks and why that is or is not enough), one variant per level. The catalogue makes one instance per
 * {@link Isolation} of every such class with a public {@code (Isolation)} constructor, named
 * {@code <shape>.<rc|rr|ser>}, e.g. {@code jobs.in-subquery.rc}.
 *
 * @param <R> the claim statement's rows, the model's key first
 */
public abstract class ClaimShape<R extends Record> implements ClaimStrategy<R> {

    private final Isolation isolation;

    protected ClaimShape(Isolation isolation) {
        this.isolation = isolation;
    }

    /** The shape's name without the level, e.g. {@code jobs.in-subquery}. */
    protected abstract String shape();

    @Override
    public final String name() {
        return shape() + "." + isolation.code();
    }

    @Override
    public final Isolation isolation() {
        return isolation;
    }

    @Override
    public String toString() {
        return name();
    }
}

package io.claimmatrix.claim;

import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;

/**
 * Base of a hand-written strategy that sits at a point of the matrix: its name, isolation, fixture needs and write
 * path follow from its {@link Dimensions}, so the class itself only says what is particular to it, its claim query
 * (spelled out, to be read), description and measured expectation.
 */
public abstract class ClaimWithDimensions implements ClaimStrategy {

    private final Dimensions dimensions;
    private final List<String> aliases;

    protected ClaimWithDimensions(Dimensions dimensions, String... aliases) {
        this.dimensions = dimensions;
        this.aliases = List.of(aliases);
    }

    @Override
    public final String name() {
        return dimensions.name();
    }

    @Override
    public final List<String> aliases() {
        return aliases;
    }

    @Override
    public final Isolation isolation() {
        return dimensions.isolation();
    }

    @Override
    public final Optional<Dimensions> dimensions() {
        return Optional.of(dimensions);
    }

    @Override
    public boolean needsIncrementalRows() {
        return dimensions.join() == Dimensions.Join.INNER;
    }

    @Override
    public void write(DSLContext dsl, List<ClaimedAccount> claimed) {
        WritePaths.write(dimensions.write(), dsl, claimed);
    }

    /** The claim statement's rows as claimed accounts; a subclass may add a re-check. */
    @Override
    public List<ClaimedAccount> claim(DSLContext dsl) {
        return ClaimStrategy.super.claim(dsl);
    }

    @Override
    public String toString() {
        return name();
    }
}

package io.claimmatrix.claim;

import io.claimmatrix.schema.SeedFixtureShapes;
import org.jooq.DSLContext;
import org.jooq.Record2;

import java.util.List;
import java.util.Optional;

/**
 * Base of a hand-written strategy that sits at a point of the matrix: its name, isolation, fixture needs and write
 * path follow from its {@link Dimensions}, so the class itself only says what is particular to it, its claim query
 * (spelled out, to be read), description and measured expectation.
 */
public abstract class ClaimWithDimensions implements ClaimStrategy<Record2<String, Boolean>>, SeedFixtureShapes {

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
    public void write(DSLContext dsl, List<Record2<String, Boolean>> claimed) {
        WritePaths.write(dimensions.write(), dsl, claimed);
    }

    @Override
    public String toString() {
        return name();
    }
}

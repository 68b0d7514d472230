package io.claimmatrix.schema;

import java.util.List;

/**
 * What a strategy of the seed model needs from the seed's fixture. The seed model asks a strategy that implements
 * this which shapes its rounds cycle through; any other strategy of the seed gets all three.
 */
public interface SeedFixtureShapes {

    /**
     * True when the claim can only see accounts that already have an incremental import (an INNER JOIN to it); the
     * rounds then pre-create those rows as {@code completed}, which keeps every account's eligibility.
     */
    boolean needsIncrementalRows();

    /**
     * The shapes this variant is measured on, cycled round by round: all three for a claim that can see absent
     * incremental imports (the INSERT and UPDATE paths race differently), only {@code PRESENT} otherwise.
     */
    default List<Fixture.Shape> fixtureShapes() {
        return needsIncrementalRows() ? List.of(Fixture.Shape.PRESENT)
                : List.of(Fixture.Shape.MIXED, Fixture.Shape.ABSENT, Fixture.Shape.PRESENT);
    }
}

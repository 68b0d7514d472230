package io.claimmatrix.claim;

import io.claimmatrix.schema.Fixture;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;

import java.util.List;
import java.util.Optional;

/**
 * One way of writing the claim: the query that picks and locks accounts, and how the claim is written.
 * The harness owns connections and transactions (begin at {@link #isolation()}, commit, rollback);
 * a strategy only issues statements.
 *
 * <p>To add one, write a public class with a no-argument constructor anywhere under {@code io.claimmatrix}
 * (or a package named in {@code -Dclaimmatrix.packages}); the {@link StrategyCatalogue} finds it.
 */
public interface ClaimStrategy {

    /** Unique name, shown in every report and as the parameterized test's display name. */
    String name();

    /** Other names the CLI accepts for it. */
    default List<String> aliases() {
        return List.of();
    }

    /** One or two sentences: what it locks and why that is (or is not) enough. */
    String description();

    Isolation isolation();

    /** Where the variant sits in the matrix; empty for a strategy that is not described by dimensions. */
    default Optional<Dimensions> dimensions() {
        return Optional.empty();
    }

    /**
     * True when the claim can only see accounts that already have an incremental import (an INNER JOIN to it);
     * the harness then pre-creates those rows as {@code completed}, which keeps every account's eligibility.
     */
    default boolean needsIncrementalRows() {
        return false;
    }

    /**
     * The fixture shapes this variant is measured on, cycled round by round: all three for a claim that can see
     * absent incremental imports (the INSERT and UPDATE paths race differently), only {@code PRESENT} otherwise.
     */
    default List<Fixture.Shape> fixtureShapes() {
        return needsIncrementalRows() ? List.of(Fixture.Shape.PRESENT)
                : List.of(Fixture.Shape.MIXED, Fixture.Shape.ABSENT, Fixture.Shape.PRESENT);
    }

    /** The claim statement: account id and whether its incremental import exists, one row per claimed account. */
    ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl);

    /** Runs the claim statement (and any re-check) and returns the accounts this transaction now owns. */
    default List<ClaimedAccount> claim(DSLContext dsl) {
        return claimQuery(dsl).fetch(r -> new ClaimedAccount(r.value1(), Boolean.TRUE.equals(r.value2())));
    }

    /** Writes the claim: each claimed account's incremental import becomes {@code pending}. */
    void write(DSLContext dsl, List<ClaimedAccount> claimed);

    /** The measured verdict this strategy is held to, with its reason. */
    Expectation expectation();
}

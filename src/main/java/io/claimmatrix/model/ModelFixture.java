package io.claimmatrix.model;

import org.jooq.DSLContext;

/**
 * The rows a round starts from, for one queue model. {@link ModelSchema#load} empties the model's tables, calls
 * {@link #insert} and then takes the statistics the round's {@link Statistics} condition asks for.
 */
public interface ModelFixture {

    /** As reports name it, e.g. {@code generated:mixed} (the seed's) or {@code fixture.sql}. */
    String name();

    /** How many items (accounts, jobs, ...) a full load holds: the {@code :items} it binds, or the seed's accounts. */
    int items();

    /**
     * Inserts the rows into the model's (empty) tables, in the caller's transaction.
     *
     * @param nearEmpty one item instead of {@link #items()}: what the {@link Statistics#STALE} condition analyses
     */
    void insert(DSLContext dsl, boolean nearEmpty);

    /**
     * The same inserts as SQL text, values inlined, statements separated by semicolons: what a schedule sends in one
     * round trip before each run ({@link ModelSchema#reset}).
     */
    String insertSql();
}

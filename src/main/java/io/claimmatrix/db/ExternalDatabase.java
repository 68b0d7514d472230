package io.claimmatrix.db;

import io.claimmatrix.BadInputException;

/** A server the user already runs, reached by JDBC URL (e.g. the one {@code docker compose up -d} starts). */
public record ExternalDatabase(String jdbcUrl, String user, String password) implements DatabaseTarget {

    public ExternalDatabase {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new BadInputException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got: " + jdbcUrl);
        }
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

package io.claimmatrix.reliability;

import org.junit.jupiter.api.Assumptions;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The machine's own PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth), the kit's "external" mode as a user
 * meets it. Tests that need it get a fresh database of their own and drop it; without that server they are skipped
 * with a message saying how to start it. Override the address with CLAIM_MATRIX_LOCAL_PG (host:port).
 */
final class LocalPostgres implements AutoCloseable {

    static final String HOST_PORT = System.getenv().getOrDefault("CLAIM_MATRIX_LOCAL_PG", "127.0.0.1:5432");
    static final String USER = "postgres";

    final String database;

    private LocalPostgres(String database) {
        this.database = database;
    }

    /** A new empty database on the local server, or the test is skipped when that server does not answer. */
    static LocalPostgres freshDatabase(String purpose) {
        String name = "claim_matrix_" + purpose + "_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        try (Connection c = DriverManager.getConnection(url("postgres") + "?connectTimeout=3&loginTimeout=3", USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            Assumptions.abort("skipped: needs the local PostgreSQL at " + HOST_PORT + " (user postgres, trust auth); start it with "
                    + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`. It said: " + e.getMessage());
        }
        return new LocalPostgres(name);
    }

    static String url(String database) {
        return "jdbc:postgresql://" + HOST_PORT + "/" + database;
    }

    String url() {
        return url(database);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}

package io.claimmatrix.schema;

import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The schema a run owns: created with a fresh random name, filled by the Liquibase changelog,
 * dropped (with everything in it) when the run ends. The kit reads and writes nothing else.
 */
public final class RunSchema implements AutoCloseable {

    public static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";
    /** Every run schema starts with this, so a leftover is easy to recognise. */
    public static final String PREFIX = "claim_matrix_";
    /**
     * The Liquibase context of a plain run. Liquibase applies every changeset when no context is given, so the
     * default must name one: it leaves out changesets of other contexts, e.g. the interleavings gate.
     */
    public static final String DEFAULT_CONTEXT = "matrix";

    // Held so the JUL configuration is not garbage-collected away.
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        System.setProperty("liquibase.analytics.enabled", "false");
        // Liquibase prints an update summary to stdout; stdout is for the kit's results.
        System.setProperty("liquibase.command.showSummary", "OFF");
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String name;
    private volatile boolean dropped;

    private RunSchema(String jdbcUrl, String user, String password, String name) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /**
     * Creates {@code claim_matrix_<random>} and applies the changelog into it, with the given Liquibase contexts
     * ({@value #DEFAULT_CONTEXT} when none are given).
     */
    public static RunSchema create(String jdbcUrl, String user, String password, String... contexts) throws SQLException {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        RunSchema schema = new RunSchema(jdbcUrl, user, password, PREFIX + HexFormat.of().formatHex(random));
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema.name);
        }
        try {
            schema.applyChangelog(contexts.length == 0 ? DEFAULT_CONTEXT : String.join(",", contexts));
        } catch (RuntimeException | SQLException e) {
            schema.close();
            throw e;
        }
        return schema;
    }

    private void applyChangelog(String contexts) throws SQLException {
        try (Connection c = connect()) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            db.setDefaultSchemaName(name);
            db.setLiquibaseSchemaName(name);
            // Liquibase prints "Update has been successful" to stdout by default: route it to the (quiet) log.
            Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                try (Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(RunSchema.class.getClassLoader()), db)) {
                    liquibase.update(contexts);
                }
            });
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("applying " + CHANGELOG + " failed: " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new connection whose unqualified names resolve only to this run's schema. */
    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        c.setSchema(name);
        return c;
    }

    /** Drops the schema and everything in it; safe to call twice (e.g. from a shutdown hook). */
    @Override
    public synchronized void close() {
        if (dropped) {
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            dropped = true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop schema " + name + ": " + e.getMessage(), e);
        }
    }
}

package io.claimmatrix.schema;

import io.claimmatrix.db.DatabaseException;
import io.claimmatrix.db.Jdbc;
import io.claimmatrix.db.OnShutdown;
import io.claimmatrix.model.QueueModel;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The schema a run owns: created with a fresh random name, filled by a queue model's Liquibase changelog (and, for
 * the schedule runner, the interleavings gate's), dropped (with everything in it) when the run ends. The kit reads and
 * writes nothing else.
 */
public final class RunSchema implements AutoCloseable {

    /** Every run schema starts with this, so a leftover is easy to recognise. */
    public static final String PREFIX = "claim_matrix_";

    /** Bounds on creating and dropping the schema: DDL that waits on a lock must not hang the run. */
    static final Duration ADMIN_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ADMIN_LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final int DROP_ATTEMPTS = 3;

    // Held so the JUL configuration is not garbage-collected away.
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        System.setProperty("liquibase.analytics.enabled", "false");
        // Liquibase prints an update summary to stdout; stdout is for the kit's results.
        System.setProperty("liquibase.command.showSummary", "OFF");
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
        // Off: a changelog Liquibase refuses is reported by the kit, in one line naming file and line.
        LIQUIBASE_LOG.setLevel(Level.OFF);
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String name;
    private volatile boolean dropped;
    private OnShutdown.Registration onShutdown;

    private RunSchema(String jdbcUrl, String user, String password, String name) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /**
     * Creates {@code claim_matrix_<random>} and applies the model's changelog into it, then each of
     * {@code extraChangelogs} (classpath resources, e.g. the interleavings gate).
     *
     * @throws liquibase.exception.LiquibaseException wrapped in {@link ChangelogException} when Liquibase refuses a
     *                                                changelog; the schema is dropped first
     */
    public static RunSchema create(String jdbcUrl, String user, String password, QueueModel model, String... extraChangelogs)
            throws SQLException {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        RunSchema schema = new RunSchema(jdbcUrl, user, password, PREFIX + HexFormat.of().formatHex(random));
        try (Connection c = adminConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema.name);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new DatabaseException("user \"" + user + "\" may not create a schema at " + Jdbc.where(jdbcUrl)
                        + ", and each run works only in a schema of its own: GRANT CREATE ON DATABASE ... TO " + user, "42501", e);
            }
            throw e;
        }
        schema.onShutdown = OnShutdown.register("drop schema " + schema.name, schema::drop);
        try {
            schema.applyChangelog(model.source().changelogPath(model.changelogFile()), model.source().resourceAccessor(), true);
            for (String extra : extraChangelogs) {
                schema.applyChangelog(extra, new ClassLoaderResourceAccessor(RunSchema.class.getClassLoader()), false);
            }
        } catch (RuntimeException | SQLException e) {
            schema.close();
            throw e;
        }
        return schema;
    }

    /** Liquibase refused a changelog: its message, and whether the changelog is the queue model's own (the user's to fix). */
    public static final class ChangelogException extends RuntimeException {
        public final boolean models;

        ChangelogException(String message, boolean models, Throwable cause) {
            super(message, cause);
            this.models = models;
        }
    }

    /** A session for creating and dropping the schema: bounded, so neither can wait forever on a lock. */
    private static Connection adminConnection(String jdbcUrl, String user, String password) throws SQLException {
        Connection c = Jdbc.connect(jdbcUrl, user, password);
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + ADMIN_STATEMENT_TIMEOUT.toMillis() + "; SET lock_timeout = " + ADMIN_LOCK_TIMEOUT.toMillis());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void applyChangelog(String changelog, ResourceAccessor resources, boolean models) throws SQLException {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = " + ADMIN_STATEMENT_TIMEOUT.toMillis() + "; SET lock_timeout = " + ADMIN_LOCK_TIMEOUT.toMillis());
            }
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            db.setDefaultSchemaName(name);
            db.setLiquibaseSchemaName(name);
            // Liquibase prints "Update has been successful" to stdout by default: route it to the (quiet) log.
            Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                try (Liquibase liquibase = new Liquibase(changelog, resources, db)) {
                    liquibase.update(new Contexts(), new LabelExpression());
                }
            });
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new ChangelogException(e.getMessage(), models, e);
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
        Connection c = Jdbc.connect(jdbcUrl, user, password);
        c.setSchema(name);
        return c;
    }

    /**
     * Drops the schema and everything in it; safe to call twice (e.g. from Ctrl-C while the run ends). A session of
     * the run still holding a lock in it (it should not) makes the DROP wait at most {@link #ADMIN_LOCK_TIMEOUT}
     * per try; after the last try the error names the schema, so it can be dropped by hand.
     */
    @Override
    public void close() {
        if (onShutdown == null || onShutdown.release()) {
            drop(); // else the JVM is stopping and its shutdown hook drops the schema
        }
    }

    private synchronized void drop() {
        if (dropped) {
            return;
        }
        SQLException last = null;
        for (int attempt = 1; attempt <= DROP_ATTEMPTS && !dropped; attempt++) {
            try (Connection c = adminConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
                dropped = true;
            } catch (SQLException e) {
                last = e;
            } catch (DatabaseException e) {
                throw new IllegalStateException("could not drop schema " + name + " (DROP SCHEMA " + name + " CASCADE by hand): "
                        + e.getMessage(), e);
            }
        }
        if (!dropped) {
            throw new IllegalStateException("could not drop schema " + name + " (DROP SCHEMA " + name + " CASCADE by hand): "
                    + (last == null ? "" : last.getMessage()), last);
        }
    }
}

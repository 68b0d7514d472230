package io.claimmatrix.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.claimmatrix.db.Jdbc;
import io.claimmatrix.schema.RunSchema;

import java.time.Duration;

/**
 * Every session the kit opens for a run is bounded, so a variant that piles up or hangs cannot hang the build:
 * {@code statement_timeout}, {@code lock_timeout} and {@code idle_in_transaction_session_timeout} are set on connect,
 * from the run's {@link Timeouts}.
 */
public final class SessionSettings {

    public static final Duration STATEMENT_TIMEOUT = Timeouts.DEFAULTS.statement();
    public static final Duration LOCK_TIMEOUT = Timeouts.DEFAULTS.lock();
    public static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Timeouts.DEFAULTS.idleInTransaction();

    private SessionSettings() {
    }

    /** A pool of {@code size} connections bound to the run's schema, with the default timeouts. */
    public static HikariDataSource pool(RunSchema schema, int size, String name) {
        return pool(schema, size, name, Timeouts.DEFAULTS);
    }

    /** A pool of {@code size} connections bound to the run's schema, each session bounded by {@code timeouts}. */
    public static HikariDataSource pool(RunSchema schema, int size, String name, Timeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(schema.jdbcUrl());
        config.setUsername(schema.user());
        config.setPassword(schema.password());
        config.setSchema(schema.name());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        // Waiting for a pooled connection: a new one may need a whole connect attempt.
        config.setConnectionTimeout(timeouts.connect().plusSeconds(5).toMillis());
        config.setExceptionOverrideClassName(KeepRefusedConnections.class.getName());
        config.setConnectionInitSql(initSql(timeouts));
        return new HikariDataSource(config);
    }

    /** What every session runs on connect. */
    public static String initSql(Timeouts timeouts) {
        return "SET statement_timeout = " + timeouts.statement().toMillis()
                + "; SET lock_timeout = " + timeouts.lock().toMillis()
                + "; SET idle_in_transaction_session_timeout = " + timeouts.idleInTransaction().toMillis()
                + "; SET application_name = '" + Jdbc.APPLICATION_NAME + "'";
    }
}

package io.claimmatrix.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.claimmatrix.schema.RunSchema;

import java.time.Duration;

/**
 * Every session the kit opens is bounded, so a variant that piles up or hangs cannot hang the build:
 * statement, lock and idle-in-transaction timeouts are set on connect.
 */
public final class SessionSettings {

    public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

    private SessionSettings() {
    }

    /** A pool of {@code size} connections bound to the run's schema. */
    public static HikariDataSource pool(RunSchema schema, int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(schema.jdbcUrl());
        config.setUsername(schema.user());
        config.setPassword(schema.password());
        config.setSchema(schema.name());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        config.setExceptionOverrideClassName(KeepRefusedConnections.class.getName());
        config.setConnectionInitSql("SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis()
                + "; SET lock_timeout = " + LOCK_TIMEOUT.toMillis()
                + "; SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION_TIMEOUT.toMillis()
                + "; SET application_name = 'claim-matrix'");
        return new HikariDataSource(config);
    }
}

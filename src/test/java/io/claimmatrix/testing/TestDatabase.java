package io.claimmatrix.testing;

import io.claimmatrix.db.DatabaseOptions;
import io.claimmatrix.db.DatabaseTarget;

/**
 * The database the tests run against, shared by the whole test JVM: embedded PostgreSQL by default;
 * {@code -Dclaimmatrix.db=external} with {@code CLAIM_MATRIX_DB_URL} (and _USER, _PASSWORD) for a server of yours;
 * {@code -Dclaimmatrix.db=testcontainers} for Docker.
 */
public final class TestDatabase {

    private static DatabaseTarget shared;

    private TestDatabase() {
    }

    public static synchronized DatabaseTarget get() {
        if (shared == null) {
            shared = options().open(64);
            DatabaseTarget target = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(target::close, "test-database-stop"));
        }
        return shared;
    }

    public static DatabaseOptions options() {
        String mode = System.getProperty("claimmatrix.db", DatabaseOptions.EMBEDDED);
        String url = DatabaseOptions.EXTERNAL.equals(mode) ? System.getenv(DatabaseOptions.ENV_URL) : null;
        return new DatabaseOptions(mode, url, System.getenv(DatabaseOptions.ENV_USER), System.getenv(DatabaseOptions.ENV_PASSWORD));
    }
}

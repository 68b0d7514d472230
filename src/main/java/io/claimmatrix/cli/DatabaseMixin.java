package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.db.DatabaseOptions;
import picocli.CommandLine.Option;

/** The database options every running command shares. */
public final class DatabaseMixin {

    @Option(names = "--db", paramLabel = "MODE", description = "embedded (default), external or testcontainers.")
    String mode;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL of an external server, e.g. jdbc:postgresql://127.0.0.1:5432/test (env ${sys:line.separator}  " + DatabaseOptions.ENV_URL + ").")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Default: postgres (env " + DatabaseOptions.ENV_USER + ").")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Default: empty (env " + DatabaseOptions.ENV_PASSWORD + ").")
    String password;

    public DatabaseOptions options() {
        String u = url != null ? url : System.getenv(DatabaseOptions.ENV_URL);
        if (mode != null && !mode.equalsIgnoreCase(DatabaseOptions.EXTERNAL)) {
            if (url != null) {
                // Silently measuring a different database than the one named would be worse than stopping.
                throw new BadInputException("--db-url names an external server, but --db is " + mode
                        + " (drop --db-url, or use --db external)");
            }
            u = null; // an explicit non-external mode ignores the environment's URL
        }
        return new DatabaseOptions(mode, u,
                user != null ? user : System.getenv(DatabaseOptions.ENV_USER),
                password != null ? password : System.getenv(DatabaseOptions.ENV_PASSWORD));
    }
}

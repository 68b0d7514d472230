package io.claimmatrix.db;

import io.claimmatrix.BadInputException;

import java.time.Duration;
import java.util.Locale;

/**
 * Which PostgreSQL to use: {@code embedded} (default), {@code external} (a JDBC URL) or {@code testcontainers}.
 * A URL alone implies {@code external}.
 */
public record DatabaseOptions(String mode, String url, String user, String password) {

    public static final String EMBEDDED = "embedded";
    public static final String EXTERNAL = "external";
    public static final String TESTCONTAINERS = "testcontainers";

    /** Environment variables the tests and the CLI read when no option is given. */
    public static final String ENV_URL = "CLAIM_MATRIX_DB_URL";
    public static final String ENV_USER = "CLAIM_MATRIX_DB_USER";
    public static final String ENV_PASSWORD = "CLAIM_MATRIX_DB_PASSWORD";

    public DatabaseOptions {
        mode = mode == null || mode.isBlank() ? (url == null || url.isBlank() ? EMBEDDED : EXTERNAL) : mode.toLowerCase(Locale.ROOT);
        if (!mode.equals(EMBEDDED) && !mode.equals(EXTERNAL) && !mode.equals(TESTCONTAINERS)) {
            throw new BadInputException("unknown --db '" + mode + "' (embedded, external or testcontainers)");
        }
        if (mode.equals(EXTERNAL) && (url == null || url.isBlank())) {
            throw new BadInputException("--db external needs --db-url (or " + ENV_URL + ")");
        }
        if (mode.equals(EXTERNAL)) {
            Jdbc.parse(url); // a malformed URL is a usage error, found before anything starts
        }
        user = user == null || user.isBlank() ? "postgres" : user;
        password = password == null ? "" : password;
    }

    public static DatabaseOptions embedded() {
        return new DatabaseOptions(EMBEDDED, null, null, null);
    }

    /** Starts or connects to the database; {@code connections} is how many sessions the run will hold at once. */
    public DatabaseTarget open(int connections) {
        return open(connections, Jdbc.DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * As {@link #open(int)}; an external server that does not answer within {@code connectTimeout} is an error
     * (unless the URL sets its own {@code connectTimeout} / {@code loginTimeout}).
     */
    public DatabaseTarget open(int connections, Duration connectTimeout) {
        return switch (mode) {
            case EXTERNAL -> new ExternalDatabase(Jdbc.withDefaults(url, connectTimeout), user, password);
            case TESTCONTAINERS -> ContainerDatabase.start(connections);
            default -> EmbeddedDatabase.start(connections);
        };
    }
}

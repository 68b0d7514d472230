package io.claimmatrix.junit;

import io.claimmatrix.BadInputException;
import io.claimmatrix.db.ContainerDatabase;
import io.claimmatrix.db.DatabaseOptions;
import io.claimmatrix.db.DatabaseTarget;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/**
 * The PostgreSQL the {@link ClaimMatrix} classes of one test run share: started (embedded, a container) or reached
 * (external) once, when the first class needs it, and stopped when the test run ends (JUnit closes it with the root
 * context's store; were the JVM stopped first, the kit's own shutdown hook stops it). Chosen by JUnit configuration
 * parameters (a {@code -D} system property, or {@code junit-platform.properties}), as the kit's own tests do:
 * <ul>
 *   <li>{@code claimmatrix.db}: {@code embedded} (default), {@code external} or {@code testcontainers};</li>
 *   <li>{@code claimmatrix.db.url}, {@code claimmatrix.db.user}, {@code claimmatrix.db.password}, else the environment's
 *       {@code CLAIM_MATRIX_DB_URL}, {@code CLAIM_MATRIX_DB_USER}, {@code CLAIM_MATRIX_DB_PASSWORD}; a URL parameter
 *       alone means external.</li>
 * </ul>
 */
final class SharedDatabase {

    static final String MODE = "claimmatrix.db";
    static final String URL = "claimmatrix.db.url";
    static final String USER = "claimmatrix.db.user";
    static final String PASSWORD = "claimmatrix.db.password";
    /** Sessions the server is sized for: a class's workers, the search's sessions and the kit's own, with room to spare. */
    private static final int CONNECTIONS = 64;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedDatabase.class);

    /** What the root store holds: closed once when the test run ends (AutoCloseable from JUnit 5.13, CloseableResource before). */
    @SuppressWarnings("deprecation")
    private record Holder(DatabaseTarget target) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            target.close();
        }
    }

    private SharedDatabase() {
    }

    /**
     * The options the configuration asks for.
     *
     * @throws ExtensionConfigurationException an unknown mode, or external with no URL
     */
    static DatabaseOptions options(ExtensionContext context) {
        Optional<String> mode = context.getConfigurationParameter(MODE).map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> url = context.getConfigurationParameter(URL).map(String::strip).filter(s -> !s.isEmpty());
        boolean external = mode.map(DatabaseOptions.EXTERNAL::equalsIgnoreCase).orElse(url.isPresent());
        String u = url.orElse(external ? System.getenv(DatabaseOptions.ENV_URL) : null);
        try {
            return new DatabaseOptions(mode.orElse(null), u,
                    context.getConfigurationParameter(USER).orElse(System.getenv(DatabaseOptions.ENV_USER)),
                    context.getConfigurationParameter(PASSWORD).orElse(System.getenv(DatabaseOptions.ENV_PASSWORD)));
        } catch (BadInputException e) {
            throw new ExtensionConfigurationException("claim-matrix: " + e.getMessage().replace("--db-url", "-D" + URL)
                    .replace("--db", "-D" + MODE));
        }
    }

    /** Why this configuration cannot run here (testcontainers without a Docker engine), or empty. */
    static Optional<String> unavailable(DatabaseOptions options) {
        if (options.mode().equals(DatabaseOptions.TESTCONTAINERS) && !ContainerDatabase.dockerAvailable()) {
            return Optional.of("claim-matrix: -D" + MODE + "=testcontainers needs a Docker engine, and none answers here "
                    + "(checked DOCKER_HOST and /var/run/docker.sock): skipped. Use the embedded default, or -D" + MODE
                    + "=external with CLAIM_MATRIX_DB_URL");
        }
        return Optional.empty();
    }

    /** The test run's server for these options, started on first use. */
    static DatabaseTarget get(ExtensionContext context, DatabaseOptions options) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        synchronized (SharedDatabase.class) {
            Holder held = store.get(options, Holder.class);
            if (held == null) {
                held = new Holder(options.open(CONNECTIONS));
                store.put(options, held);
            }
            return held.target();
        }
    }
}

package io.claimmatrix.db;

import io.claimmatrix.BadInputException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Docker container started by Testcontainers; needs a Docker engine. */
public final class ContainerDatabase implements DatabaseTarget {

    /** The official image; override with {@code -Dclaimmatrix.image=postgres:16}. */
    public static final String DEFAULT_IMAGE = "postgres:17";

    private final PostgreSQLContainer container;

    private ContainerDatabase(PostgreSQLContainer container) {
        this.container = container;
    }

    /** True when a Docker engine answers; Testcontainers itself would only fail later, with a long trace. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static ContainerDatabase start(int connections) {
        if (!dockerAvailable()) {
            throw new BadInputException("--db testcontainers needs a Docker engine, and none answers here; use --db embedded or --db-url");
        }
        PostgreSQLContainer container = new PostgreSQLContainer(System.getProperty("claimmatrix.image", DEFAULT_IMAGE))
                .withCommand("postgres", "-c", "max_connections=" + Math.max(100, connections + 20), "-c", "fsync=off");
        container.start();
        return new ContainerDatabase(container);
    }

    @Override
    public String mode() {
        return "testcontainers";
    }

    @Override
    public String jdbcUrl() {
        return container.getJdbcUrl();
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }
}

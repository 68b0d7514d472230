package io.claimmatrix.db;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Docker container started by Testcontainers; needs a Docker engine. */
public final class ContainerDatabase implements DatabaseTarget {

    /** The official image; override with {@code -Dclaimmatrix.image=postgres:16}. */
    public static final String DEFAULT_IMAGE = "postgres:17";

    private final PostgreSQLContainer container;
    private final OnShutdown.Registration onShutdown;

    private ContainerDatabase(PostgreSQLContainer container) {
        this.container = container;
        this.onShutdown = OnShutdown.register("stop the PostgreSQL container", container::stop);
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
            throw new DatabaseException("--db testcontainers needs a Docker engine, and none answers here "
                    + "(checked DOCKER_HOST and /var/run/docker.sock); use --db embedded or --db-url", null, null);
        }
        String image = System.getProperty("claimmatrix.image", DEFAULT_IMAGE);
        PostgreSQLContainer container = new PostgreSQLContainer(image)
                .withCommand("postgres", "-c", "max_connections=" + Math.max(100, connections + 20), "-c", "fsync=off");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new DatabaseException("could not start a PostgreSQL container from " + image + ": " + Jdbc.firstLine(String.valueOf(e.getMessage())), null, e);
        }
        return new ContainerDatabase(container);
    }

    @Override
    public String mode() {
        return "testcontainers";
    }

    @Override
    public String jdbcUrl() {
        return Jdbc.withDefaults(container.getJdbcUrl(), Jdbc.DEFAULT_CONNECT_TIMEOUT);
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
        if (onShutdown.release()) {
            container.stop();
        }
    }
}

package io.claimmatrix.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input seen from the real process: what a user sees on stderr is the kit's one line and nothing else, no
 * library warning or stack trace (Testcontainers logs its search for Docker, the JDBC driver logs a bad port
 * through java.util.logging: both would print around the kit's line in a real JVM).
 */
class DockerlessIT {

    /**
     * This machine (and CI) has no Docker engine, so this is the path a user without one takes. Should a machine
     * have one, DOCKER_HOST pointing at a socket that does not exist takes the same path.
     */
    @Test
    void testcontainersWithoutADockerEngine(@TempDir Path dir) throws Exception {
        Map<String, String> env = java.nio.file.Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null
                ? Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-docker.sock")) : Map.of();
        try (JarProcess jar = JarProcess.start(dir, List.of(), env, "matrix", "--variants=seed", "--db=testcontainers")) {
            assertThat(jar.awaitExit(120)).as("exit code").isEqualTo(1);
            assertThat(jar.err().lines().toList()).as("stderr").containsExactly("claim-matrix: --db testcontainers needs a Docker engine, "
                    + "and none answers here (checked DOCKER_HOST and /var/run/docker.sock); use --db embedded or --db-url "
                    + "(--debug shows the stack trace)");
            assertThat(jar.out()).isEmpty();
        }
    }

    @Test
    void portOutOfRange(@TempDir Path dir) throws Exception {
        try (JarProcess jar = JarProcess.start(dir, List.of(), Map.of(), "matrix", "--db-url=jdbc:postgresql://127.0.0.1:99999/test")) {
            assertThat(jar.awaitExit(120)).as("exit code").isEqualTo(2);
            assertThat(jar.err().lines().toList()).as("stderr").containsExactly("claim-matrix: --db-url is not a valid PostgreSQL "
                    + "JDBC URL (check the host, the port 1-65535 and the parameters): jdbc:postgresql://127.0.0.1:99999/test");
        }
    }
}

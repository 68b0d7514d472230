package io.claimmatrix.reliability;

import io.claimmatrix.cli.Main;
import io.claimmatrix.db.EmbeddedDatabase;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input the brief names gets one line on stderr, no stack trace, and exit 2 (something the user
 * typed) or 1 (the server or the machine cannot do it), before anything is measured. The server-side cases run
 * against the tests' embedded PostgreSQL, reached by URL as an external server would be.
 */
class BadInputTest {

    private static final int USAGE = Main.USAGE, RUNTIME = Main.MISMATCH;

    // --- what the user typed: exit 2 -------------------------------------------------------------------------

    @Test
    void unknownVariant() {
        Cli.run("matrix", "--variants", "no-such-variant").failsWith(USAGE, "no variant matches 'no-such-variant'");
    }

    @Test
    void globMatchingNothing() {
        Cli.run("matrix", "--variants", "inner-lock-all,nothing.*").failsWith(USAGE, "no variant matches 'nothing.*'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--workers=0", "--workers=-3", "--rounds=0", "--rounds=-1", "--accounts=0", "--accounts=-10"})
    void zeroOrNegativeCounts(String option) {
        Cli.run("matrix", option).failsWith(USAGE, "must be at least 1");
    }

    @Test
    void notANumber() {
        Cli.run("matrix", "--workers", "many").failsWith(USAGE, "'many' is not an int", "claim-matrix matrix --help");
    }

    @Test
    void unknownOption() {
        Cli.run("matrix", "--wrokers", "3").failsWith(USAGE, "Unknown option");
    }

    @Test
    void unknownFormat() {
        Cli.run("matrix", "--format", "xml").failsWith(USAGE, "unknown --format 'xml'");
    }

    @Test
    void unwritableOutput(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        // As root every directory is writable, so these are the ways a path stays unwritable here.
        Cli.run("matrix", "--variants", "seed", "-o", dir.resolve("missing/report.json").toString()).failsWith(USAGE, "cannot write --output");
        Cli.run("matrix", "--variants", "seed", "-o", dir.toString()).failsWith(USAGE, "cannot write --output");
        Cli.run("matrix", "--variants", "seed", "-o", file.resolve("report.json").toString()).failsWith(USAGE, "cannot write --output");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:99999/test", "jdbc:postgresql://127.0.0.1:port/test",
            "postgresql://127.0.0.1:5432/test", "jdbc:mysql://127.0.0.1/test", "127.0.0.1:5432"})
    void malformedJdbcUrl(String url) {
        Cli.run("matrix", "--db-url", url).failsWith(USAGE, "--db-url");
    }

    @Test
    void badDuration() {
        Cli.run("matrix", "--lock-timeout", "soon").failsWith(USAGE, "--lock-timeout", "'soon' is not a duration");
        Cli.run("matrix", "--statement-timeout", "0").failsWith(USAGE, "--statement-timeout must be more than 0");
        Cli.run("matrix", "--round-deadline", "a while").failsWith(USAGE, "--round-deadline", "'a while' is not a duration");
        Cli.run("matrix", "--round-deadline", "0ms").failsWith(USAGE, "--round-deadline must be more than 0");
    }

    /** A URL beside a mode that does not use one would silently measure another database than the one named. */
    @ParameterizedTest(name = "--db {0}")
    @ValueSource(strings = {"embedded", "testcontainers"})
    void urlBesideAModeThatIgnoresIt(String mode) {
        Cli.run("matrix", "--db", mode, "--db-url", "jdbc:postgresql://127.0.0.1:5432/test")
                .failsWith(USAGE, "--db-url names an external server, but --db is " + mode);
    }

    // --- what the server or the machine cannot do: exit 1, except too many workers (an option to lower) ----------

    @Test
    void serverThatRefusesConnections() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Cli.run("matrix", "--db-url", "jdbc:postgresql://127.0.0.1:" + port + "/test")
                .failsWith(RUNTIME, "cannot connect to PostgreSQL at 127.0.0.1:" + port, "connection refused");
    }

    /** A port that accepts TCP connections but never answers (a hung server, a wrong service): the connect timeout ends it. */
    @Test
    void serverThatNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Cli.run("matrix", "--connect-timeout", "1s", "--db-url", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test")
                    .failsWith(RUNTIME, "did not answer in time", "connect timeout 1s");
        }
    }

    @Test
    void databaseThatDoesNotExist() {
        Cli.run("matrix", "--db-url", embeddedUrl("claim_matrix_no_such_database"))
                .failsWith(RUNTIME, "database \"claim_matrix_no_such_database\" does not exist");
    }

    @Test
    void wrongPassword() throws Exception {
        EmbeddedDatabase db = embedded();
        String role = "claim_matrix_pw_test";
        try (Connection admin = admin(db); Statement s = admin.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'right-password'");
            String hbaFile = value(s, "SHOW hba_file");
            String before = Files.readString(Path.of(hbaFile));
            // The embedded server trusts everyone; this role alone must give its password (first matching line wins).
            Files.writeString(Path.of(hbaFile), "host all " + role + " 127.0.0.1/32 scram-sha-256\n" + before);
            try {
                s.execute("SELECT pg_reload_conf()");
                awaitPasswordRequired(db, role);
                Cli.run("matrix", "--variants", "seed", "--db-url", embeddedUrl("postgres"), "--db-user", role, "--db-password", "wrong")
                        .failsWith(RUNTIME, "password authentication failed for user \"" + role + "\"", "--db-password");
                Cli.run("matrix", "--variants", "seed", "--db-url", embeddedUrl("postgres"), "--db-user", role)
                        .failsWith(RUNTIME, "wants a password for user \"" + role + "\"");
            } finally {
                Files.writeString(Path.of(hbaFile), before);
                s.execute("SELECT pg_reload_conf()");
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void userWithoutTheRightToCreateASchema() throws Exception {
        EmbeddedDatabase db = embedded();
        String role = "claim_matrix_no_create";
        try (Connection admin = admin(db); Statement s = admin.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " LOGIN"); // may connect (PUBLIC has CONNECT), may not CREATE in the database
            try {
                Cli.run("matrix", "--variants", "seed", "--db-url", embeddedUrl("postgres"), "--db-user", role)
                        .failsWith(RUNTIME, "user \"" + role + "\" may not create a schema", "GRANT CREATE ON DATABASE postgres TO " + role);
                assertThat(kitSchemas(s)).as("nothing created").isZero();
            } finally {
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void moreWorkersThanTheServerHasSessionsFor() throws Exception {
        EmbeddedDatabase db = embedded();
        try (Connection admin = admin(db); Statement s = admin.createStatement()) {
            int max = Integer.parseInt(value(s, "SHOW max_connections"));
            Cli.run("matrix", "--variants", "seed", "--workers", String.valueOf(max), "--db-url", embeddedUrl("postgres"))
                    .failsWith(USAGE, "--workers " + max + " needs " + (max + 2) + " sessions", "max_connections " + max, "use --workers");
            assertThat(kitSchemas(s)).as("checked before the run created anything").isZero();
        }
    }

    /** There is no Docker engine on this machine (nor in CI): this is the path a user without one takes. */
    @Test
    void testcontainersWithoutDocker() {
        Assumptions.assumeFalse(Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null,
                "a Docker engine may be reachable here; DockerlessIT covers this path with DOCKER_HOST pointing nowhere");
        Cli.run("matrix", "--variants", "seed", "--db", "testcontainers").failsWith(RUNTIME, "--db testcontainers needs a Docker engine");
    }

    @Test
    void debugShowsTheStackTrace() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Cli cli = Cli.run("matrix", "--debug", "--db-url", "jdbc:postgresql://127.0.0.1:" + port + "/test");
        assertThat(cli.exit()).isEqualTo(RUNTIME);
        assertThat(cli.err()).contains("\tat ").contains("DatabaseException").contains("Caused by: ")
                .contains("claim-matrix: cannot connect to PostgreSQL at 127.0.0.1:" + port);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static EmbeddedDatabase embedded() {
        DatabaseTarget target = TestDatabase.get();
        Assumptions.assumeTrue(target instanceof EmbeddedDatabase, "needs the embedded test server (-Dclaimmatrix.db=embedded)");
        return (EmbeddedDatabase) target;
    }

    private static String embeddedUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + embedded().port() + "/" + database;
    }

    private static Connection admin(EmbeddedDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static String value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int kitSchemas(Statement s) throws SQLException {
        return Integer.parseInt(value(s, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + RunSchema.PREFIX + "%'"));
    }

    /** The reload is asynchronous: wait until the server itself asks this role for a password. */
    private static void awaitPasswordRequired(EmbeddedDatabase db, String role) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            try (Connection c = DriverManager.getConnection(embeddedUrl("postgres"), role, "wrong")) {
                Thread.sleep(20);
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    return;
                }
                throw new AssertionError("unexpected: " + e, e);
            }
        }
        throw new AssertionError("the server never started asking " + role + " for a password");
    }
}

package io.claimmatrix.reliability;

import io.claimmatrix.schema.RunSchema;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C (SIGINT) and SIGTERM sent to a real {@code java -jar target/claim-matrix.jar matrix} while its workers are
 * claiming: the run's schema is dropped, embedded PostgreSQL is stopped (its postmaster and every child process gone,
 * its data directory deleted), no session of the kit is left, and the process exits as a signalled process does
 * (128 + the signal's number). "The workers are claiming" is read from the server, not guessed with a sleep.
 */
@Timeout(180)
class SignalIT {

    private static final String LONG_RUN = "--rounds=1000000";

    @TempDir
    static Path binaries; // the embedded binaries are extracted here, so the test can tell its postmaster from others

    /** Ctrl-C in a terminal, the common case. (Each case starts a JVM: one per signal and mode keeps this short.) */
    @ParameterizedTest(name = "SIG{0}, embedded")
    @CsvSource({"INT, 130"})
    void embeddedRun(String signal, int exitCode, @TempDir Path dir) throws Exception {
        try (JarProcess jar = JarProcess.start(dir, List.of("-Dot.epg.working-dir=" + binaries), Map.of(),
                "matrix", "--variants=inner-lock-all", "--workers=4", LONG_RUN, "-q")) {
            Postmaster pm = awaitPresent("embedded PostgreSQL started", jar, () -> Postmaster.find(binaries));
            String url = "jdbc:postgresql://127.0.0.1:" + pm.port() + "/postgres";
            await("workers claiming", jar, () -> runInProgress(url));
            List<Long> processes = pm.processTree();
            assertThat(processes).as("postmaster and its children").hasSizeGreaterThan(1);

            jar.signal(signal);

            assertThat(jar.awaitExit(60)).as("exit code; stderr: %s", jar.err()).isEqualTo(exitCode);
            assertCleanedUp(jar, "stop embedded PostgreSQL");
            // A process that has just exited can linger a moment until its parent reaps it: poll, bounded.
            await("every embedded PostgreSQL process to end", null, () -> processes.stream().noneMatch(SignalIT::alive));
            assertThat(Files.exists(pm.dataDirectory())).as("data directory %s left", pm.dataDirectory()).isFalse();
        }
    }

    /** A CI job cancelled, a container stopped. */
    @ParameterizedTest(name = "SIG{0}, external")
    @CsvSource({"TERM, 143"})
    void externalRun(String signal, int exitCode, @TempDir Path dir) throws Exception {
        try (LocalPostgres pg = LocalPostgres.freshDatabase("signal");
             JarProcess jar = JarProcess.start(dir, List.of(), Map.of(),
                     "matrix", "--variants=inner-lock-all", "--workers=4", LONG_RUN, "-q", "--db-url=" + pg.url())) {
            await("workers claiming", jar, () -> runInProgress(pg.url()));

            jar.signal(signal);

            assertThat(jar.awaitExit(60)).as("exit code; stderr: %s", jar.err()).isEqualTo(exitCode);
            assertCleanedUp(jar, "drop schema");
            assertThat(query(pg.url(), "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + RunSchema.PREFIX + "%'"))
                    .as("run schemas left").isZero();
            await("the kit's sessions to end", null,
                    () -> query(pg.url(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'claim-matrix'") == 0);
        }
    }

    private static void assertCleanedUp(JarProcess jar, String step) {
        List<String> lines = jar.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("stderr").hasSize(1);
        assertThat(lines.get(0)).startsWith("claim-matrix: interrupted: cleaned up (stop the workers, drop schema " + RunSchema.PREFIX)
                .contains(step).doesNotContain("could not");
        assertThat(jar.out()).as("no report from an interrupted run").isEmpty();
    }

    /** The run's schema exists and its workers hold sessions: the moment to interrupt it. */
    private static boolean runInProgress(String url) {
        try {
            return query(url, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + RunSchema.PREFIX + "%'") == 1
                    && query(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'claim-matrix' "
                    + "AND pid <> pg_backend_pid()") >= 4;
        } catch (SQLException e) {
            return false; // not up yet
        }
    }

    private static int query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static void await(String what, JarProcess jar, Probe<Boolean> condition) throws Exception {
        awaitPresent(what, jar, () -> condition.get() ? Optional.of(true) : Optional.empty());
    }

    /** Polls the server or the process table, at most 90 s; fails at once if the jar exits meanwhile. */
    private static <T> T awaitPresent(String what, JarProcess jar, Probe<Optional<T>> probe) throws Exception {
        long until = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < until) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (jar != null && !jar.process.isAlive()) {
                throw new AssertionError("the jar exited (" + jar.process.exitValue() + ") while waiting for " + what + ": " + jar.err());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + (jar == null ? "" : "; stderr: " + jar.err()));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The embedded server's postmaster, found by its binary's path under the working directory given to the jar. */
    private record Postmaster(long pid, int port, Path dataDirectory) {
        private static final Pattern ARGS = Pattern.compile(" -D (\\S+) -p (\\d+) ");

        static Optional<Postmaster> find(Path binaries) throws IOException {
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String cmd;
                    try {
                        cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    } catch (IOException gone) {
                        continue;
                    }
                    Matcher m = ARGS.matcher(cmd);
                    if (cmd.startsWith(binaries.toString()) && cmd.contains("/bin/postgres ") && m.find()) {
                        return Optional.of(new Postmaster(Long.parseLong(p.getFileName().toString()),
                                Integer.parseInt(m.group(2)), Path.of(m.group(1))));
                    }
                }
            }
            return Optional.empty();
        }

        /** The postmaster and every process it forked (backends, checkpointer, ...), which rename themselves. */
        List<Long> processTree() {
            List<Long> pids = new ArrayList<>(List.of(pid));
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
            return pids;
        }
    }
}

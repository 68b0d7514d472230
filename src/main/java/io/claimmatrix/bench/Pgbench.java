package io.claimmatrix.bench;

import io.claimmatrix.run.SessionSettings;
import org.postgresql.Driver;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs PostgreSQL's client tools (pgbench, and the anchor driver that uses psql) against the server and schema the
 * kit measures on: libpq environment variables point them at it, {@code PGOPTIONS} binds the run's schema and the
 * same timeouts the kit's sessions have.
 */
public final class Pgbench {

    /** What a pgbench run printed, parsed. */
    public record Result(int exitCode, long processed, long failed, double tps, double latencyMillis, String output) {

        /** Seconds pgbench spent running transactions (connections excluded): processed / tps. */
        public double seconds() {
            return tps == 0 ? 0 : processed / tps;
        }
    }

    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private final Path binary;
    private final Map<String, String> env;

    private Pgbench(Path binary, Map<String, String> env) {
        this.binary = binary;
        this.env = env;
    }

    /**
     * pgbench on the PATH (or at {@code explicit}) that answers {@code --version}, or empty when there is none. Debian's
     * {@code /usr/bin/pgbench} is a wrapper that exists without the binary behind it, hence the question.
     */
    public static Optional<Path> find(String explicit) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "pgbench"));
                }
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p) && answers(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean answers(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** pgbench and a server; {@link #connect(String)} binds a schema on it. */
    public record Connector(Path binary, String jdbcUrl, String user, String password) {
        public Pgbench connect(String schema) {
            return Pgbench.connect(binary, jdbcUrl, user, password, schema);
        }

        /** pgbench's version line, e.g. {@code pgbench (PostgreSQL) 15.20}. */
        public String version() throws IOException, InterruptedException {
            return connect("public").run(List.of(binary.toString(), "--version"), null, 30).output().strip();
        }
    }

    /** A runner bound to the server of {@code jdbcUrl} and the schema {@code schema}. */
    public static Pgbench connect(Path binary, String jdbcUrl, String user, String password, String schema) {
        Properties p = Driver.parseURL(jdbcUrl, null);
        if (p == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", p.getProperty("PGHOST", "localhost"));
        env.put("PGPORT", p.getProperty("PGPORT", "5432"));
        env.put("PGDATABASE", p.getProperty("PGDBNAME", "postgres"));
        env.put("PGUSER", user);
        env.put("PGPASSWORD", password == null ? "" : password);
        env.put("PGAPPNAME", "claim-matrix-bench");
        // The same session settings as the kit's own sessions (SessionSettings), and the run's schema.
        env.put("PGOPTIONS", "-c search_path=" + schema
                + " -c statement_timeout=" + SessionSettings.STATEMENT_TIMEOUT.toMillis()
                + " -c lock_timeout=" + SessionSettings.LOCK_TIMEOUT.toMillis()
                + " -c idle_in_transaction_session_timeout=" + SessionSettings.IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
        return new Pgbench(binary, env);
    }

    /** The environment the tools run with (for printing a reproducible command; the password is left out). */
    public Map<String, String> environment() {
        Map<String, String> shown = new LinkedHashMap<>(env);
        shown.remove("PGPASSWORD");
        return shown;
    }

    public Path binary() {
        return binary;
    }

    /**
     * {@code pgbench -n -M prepared -c clients -j clients -t transactions [options] -f script}: every client runs
     * {@code transactions} transactions on its own thread and connection; {@code options} are e.g. {@code -D name=value}.
     */
    public Result throughput(Path script, int clients, long transactionsPerClient, List<String> options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-n", "-M", "prepared", "-c", String.valueOf(clients), "-j", String.valueOf(clients),
                "-t", String.valueOf(transactionsPerClient)));
        for (String option : options) {
            args.addAll(List.of(option.split(" ", 2)));
        }
        args.addAll(List.of("-f", script.toString()));
        return pgbench(args);
    }

    /** pgbench with these arguments (plus the connection from the environment). */
    public Result pgbench(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        Result raw = run(command, null, 3600);
        return parse(raw.exitCode(), raw.output());
    }

    /** Runs any command (e.g. the anchor driver) with the connection environment; stdout and stderr together. */
    public Result run(List<String> command, Path workingDir, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().putAll(env);
        pb.environment().put("PGBENCH", binary.toString());
        Process process = pb.start();
        // Read before waiting: a full pipe would block the child.
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), 0, 0, 0, 0, new String(out, StandardCharsets.UTF_8));
    }

    /** Reads pgbench's summary; fields it did not print are 0. */
    static Result parse(int exitCode, String output) {
        return new Result(exitCode, longOf(PROCESSED, output), longOf(FAILED, output), doubleOf(TPS, output),
                doubleOf(LATENCY, output), output);
    }

    private static long longOf(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static double doubleOf(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

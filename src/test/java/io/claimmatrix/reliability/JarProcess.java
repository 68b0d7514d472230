package io.claimmatrix.reliability;

import io.claimmatrix.testing.JavaCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar target/claim-matrix.jar ...} as a real process, as a user runs it. */
final class JarProcess implements AutoCloseable {

    final Process process;
    final Path out;
    final Path err;

    private JarProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts the jar with these JVM options and arguments. SIGINT is reset to its default first: a process started
     * in the background by a non-interactive shell (as CI and build tools may run Maven) inherits SIGINT ignored,
     * and the JVM keeps it ignored; a user's terminal never does that.
     */
    static JarProcess start(Path dir, List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        String jar = System.getProperty("claimmatrix.jar", "target/claim-matrix.jar");
        assertThat(new File(jar)).as("the packaged jar (run the ITs with mvn verify)").exists();
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(JavaCommand.java(jvmOptions));
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt"), err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CLAIM_MATRIX_"));
        pb.environment().putAll(env);
        return new JarProcess(pb.start(), out, err);
    }

    static JarProcess run(Path dir, String... args) throws IOException, InterruptedException {
        JarProcess p = start(dir, List.of(), Map.of(), args);
        p.awaitExit(120);
        return p;
    }

    int awaitExit(int seconds) throws InterruptedException {
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("exited within %ss; stderr: %s", seconds, err()).isTrue();
        return process.exitValue();
    }

    /** Sends a signal by name (INT, TERM) to the java process. */
    void signal(String name) throws IOException, InterruptedException {
        // env execs java, so the process we started is the JVM itself.
        int rc = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        assertThat(rc).as("kill -%s", name).isZero();
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}

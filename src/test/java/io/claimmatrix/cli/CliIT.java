package io.claimmatrix.cli;

import io.claimmatrix.testing.JavaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it ({@code java -jar target/claim-matrix.jar ...}), in its own process: exit codes,
 * stdout and stderr kept apart, a broken .sql file, and one real run on the jar's own embedded PostgreSQL with a
 * Java strategy from outside the kit (-Dclaimmatrix.packages) and the example .sql strategy.
 */
class CliIT {

    static final Path JAR = Path.of(System.getProperty("claimmatrix.jar", "target/claim-matrix.jar"));

    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path dir;

    @Test
    void versionHelpAndUsageErrorsFromTheJar() throws Exception {
        Run version = jar(List.of(), "matrix", "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("claim-matrix 0.");

        Run help = jar(List.of(), "list", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--strategy-dir=DIR");

        Run usage = jar(List.of(), "matrix", "--rounds", "many");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.out()).isEmpty();
        assertThat(usage.err().lines()).singleElement().asString().startsWith("claim-matrix: Invalid value for option '--rounds'");
    }

    @Test
    void aBrokenSqlFileExits2BeforeAnyDatabaseIsStarted() throws Exception {
        // A header is checked as the file is read; a parameter or a table is checked against the model's schema
        // (SqlStrategyRunTest, BadQueueTest), once a database is up but before any round.
        Path broken = Files.writeString(dir.resolve("broken.sql"), "-- isolation: read committed\n-- batch: 0\n-- claim\nSELECT 1;\n");

        Run r = jar(List.of(), "matrix", "--strategy-dir", dir.toString(), "--db-url", CliTest.NOWHERE);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("claim-matrix: " + broken + ":2: 'batch' must be a positive whole number, not '0'\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aJavaStrategyFromAnotherPackageAndTheExampleSqlGetTheirRowsInTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        // The seed fixture (3 accounts) keeps this run short; it may or may not hit the race, so the verdicts are not
        // asserted here (CliTest and MatrixTest hold them to their expectations), only that the exit code agrees with them.
        Run r = jar(List.of("-Dclaimmatrix.packages=testvariants.cli"), "matrix", "--variants", "acme.batch-upsert,sql.seed",
                "--strategy-dir", "examples/strategies", "--fixture", "seed", "--rounds", "3", "--no-search", "--format", "json",
                "--output", report.toString());

        assertThat(r.out()).isEmpty();
        Map<String, String> verdicts = io.claimmatrix.report.JsonReport.verdicts(Files.readString(report));
        assertThat(verdicts).containsOnlyKeys("acme.batch-upsert", "sql.seed");
        List<String> differing = verdicts.entrySet().stream().filter(e -> !e.getValue().equals("DUPLICATES")).map(Map.Entry::getKey).toList();
        if (differing.isEmpty()) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).as("no progress bar when stderr is not a terminal").isEmpty();
        } else {
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("differ from their expectation").contains(differing);
        }
    }

    /** Runs the jar with the test classes on its classpath (they hold the example Java strategy). */
    private Run jar(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        List<String> command = JavaCommand.java(jvmArgs);
        command.addAll(List.of("-cp", JAR + File.pathSeparator + "target/test-classes", Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("finished: " + command).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8), Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}

package io.claimmatrix.cli;

import io.claimmatrix.testing.JavaCommand;
import io.claimmatrix.bench.Pgbench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar target/claim-matrix.jar bench} end to end at toy size: the report, the plot, the pgbench scripts
 * and a timed CLI matrix run. Its numbers are not looked at (timing belongs in docs/benchmarks.md, not in tests).
 */
class BenchCommandIT {

    @TempDir
    Path dir;

    @Test
    void aToyBenchWritesTheReportThePlotAndThePgbenchScripts() throws Exception {
        Path report = dir.resolve("bench.md");
        Path scripts = dir.resolve("scripts");

        // The race and throughput sections; the wall-time section (a matrix run per point, a JVM and a server each)
        // is left to the full bench (docs/benchmarks.md), to keep it out of mvn verify's time.
        Run r = jar("bench", "--quick", "--sections", "race,throughput", "--variants", "inner-lock-all", "--workers", "2",
                "--repetitions", "1", "--eligible", "200", "--claims", "20", "--race-rounds", "2",
                "-o", report.toString(), "--scripts-dir", scripts.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(report);
        assertThat(md).contains("## Machine and conditions", "## 2. What each safe claim costs");
        assertThat(Files.readString(dir.resolve("throughput.svg"))).startsWith("<svg").contains("claim-matrix harness");
        if (Pgbench.find(null).isPresent()) {
            assertThat(md).contains("### (c) The seed's race test via pgbench", "| 2 | ");
            assertThat(scripts.resolve("inner.lock-accounts+initial+incremental.skip.rc.update-insert.no-recheck.limit1.sql")).exists();
            assertThat(scripts.resolve("inner.lock-accounts+initial+incremental.skip.rc.update-insert.no-recheck.limit1.inlined.sql")).exists();
        } else {
            assertThat(md).contains("pgbench not found");
        }
    }

    @Test
    void anUnknownSectionIsAUsageErrorOnOneLine() throws Exception {
        Run r = jar("bench", "--sections", "soak,nope");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString()
                .isEqualTo("claim-matrix: unknown section 'nope' (schedule, soak, race, throughput, cli, mvn)");
    }

    private record Run(int exit, String out, String err) {
    }

    private Run jar(String... args) throws Exception {
        List<String> command = JavaCommand.java(List.of("-jar", CliIT.JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished: " + command).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}

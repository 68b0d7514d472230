package io.claimmatrix.cli;

import io.claimmatrix.testing.JavaCommand;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code claim-matrix explain}, run as a user runs it: the packaged jar in its own process. */
class ExplainCommandIT {

    private static final Path JAR = Path.of(System.getProperty("claimmatrix.jar", "target/claim-matrix.jar"));

    record Run(int exit, String out, String err) {
    }

    @Test
    void explainsTheSeedLikeAnIsolationTesterExpectedFile() throws Exception {
        Run r = run("explain", "seed");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(
                "variant: left.lock-accounts+initial.skip.rc.update-insert.no-recheck.limit1 (seed)",
                "claim query:", "skip locked",
                "plan (EXPLAIN (VERBOSE, COSTS OFF), fixture seed:mixed, 2 item(s) claimable at the start):", "LockRows",
                "# stale-snapshot (fixture seed:mixed)", "# lock-held (fixture seed:mixed)", "# rollback (fixture seed:mixed)",
                "starting permutation: s1begin s2begin s2claim(pause) s1claim s1write s1commit s2resume s2write s2commit",
                "step s2claim: <claim query> <waiting ...>",
                "step s2claim: <... completed>  -- waited for gate",
                "outcome: committed duplicate: one claimed by s1 and s2, both committed",
                "verdict: DUPLICATES (measured by the soak)",
                "schedules: Reproduced by stale-snapshot on fixture seed:mixed");
    }

    @Test
    void aBadScheduleIsOneLineAndExitsTwoBeforeAnyDatabaseStarts() throws Exception {
        Run unfinished = run("explain", "seed", "--schedule", "s1begin s1claim");

        assertThat(unfinished.exit()).isEqualTo(2);
        assertThat(unfinished.err().strip()).doesNotContain("\n").contains("s1 must end with commit or rollback");
        assertThat(unfinished.out()).isEmpty();
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("run after `mvn package`").exists();
        List<String> command = JavaCommand.java(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("explain", ".out"), err = Files.createTempFile("explain", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("claim-matrix " + String.join(" ", args) + " did not finish");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

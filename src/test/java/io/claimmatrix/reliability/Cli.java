package io.claimmatrix.reliability;

import io.claimmatrix.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the CLI in this JVM, as {@code java -jar} would, and keeps what it printed. */
record Cli(int exit, String out, String err) {

    static synchronized Cli run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    List<String> errLines() {
        return Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
    }

    /** The standard for bad input: this exit code, one line on stderr naming the problem, no stack trace, no report. */
    Cli failsWith(int expectedExit, String... phrases) {
        assertThat(errLines()).as("stderr of %s", this).hasSize(1);
        String line = errLines().get(0);
        assertThat(line).as("stderr").startsWith("claim-matrix: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String p : phrases) {
            assertThat(line).as("stderr").contains(p);
        }
        assertThat(out).as("stdout").isEmpty();
        assertThat(exit).as("exit code; stderr: %s", line).isEqualTo(expectedExit);
        return this;
    }
}

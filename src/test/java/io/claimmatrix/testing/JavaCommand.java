package io.claimmatrix.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of the command line the integration tests run the jar with: this JDK's {@code java}, C1 only. A run of
 * seconds spends more CPU compiling with C2 than C2's code gives back (`claim-matrix explain seed`: 13.0 s of CPU
 * with C2, 7.8 s with C1, measured 2026-11-29 on the 2-core machine), and the ITs run one after another.
 */
public final class JavaCommand {

    private JavaCommand() {
    }

    /** {@code [.../bin/java, -XX:TieredStopAtLevel=1, options...]}, mutable, for the caller to append to. */
    public static List<String> java(List<String> options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1"));
        command.addAll(options);
        return command;
    }
}

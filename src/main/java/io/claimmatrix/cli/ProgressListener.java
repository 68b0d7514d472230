package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.VariantResult;

import java.io.PrintStream;

/** Progress on stderr: one line per variant (results stay on stdout, so they can be piped). */
final class ProgressListener implements MatrixRunner.Listener {

    private final PrintStream err;
    private final long start = System.nanoTime();
    private int duplicatesSoFar;

    ProgressListener(PrintStream err) {
        this.err = err;
    }

    @Override
    public void variantStarted(int index, int total, ClaimStrategy strategy) {
        err.printf("[%d/%d] %s ...%n", index, total, strategy.name());
    }

    @Override
    public void variantDone(int index, int total, VariantResult result) {
        if (result.committedDuplicates() > 0) {
            duplicatesSoFar++;
        }
        err.printf("[%d/%d] %s: %s (%.1fs elapsed, %d variant(s) with duplicates so far)%n", index, total, result.name(),
                result.verdict(), (System.nanoTime() - start) / 1e9, duplicatesSoFar);
    }
}

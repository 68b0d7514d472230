package io.claimmatrix.run;

/** The JVM is stopping (Ctrl-C, SIGTERM) while a run is in progress: its results so far are not a result. */
public class RunInterruptedException extends RuntimeException {
    public RunInterruptedException() {
        super("the run was interrupted");
    }
}

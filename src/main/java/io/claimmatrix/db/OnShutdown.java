package io.claimmatrix.db;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What must be undone if the JVM stops mid-run (Ctrl-C, SIGTERM): one shutdown hook that runs the registered actions
 * newest first, so the workers are stopped before the run's schema is dropped, and the schema is dropped before the
 * embedded server that holds it is stopped. (Separate shutdown hooks would run all at once, in no order.)
 */
public final class OnShutdown {

    /** One registered action, undone when the thing is cleaned up normally. */
    public interface Registration {
        /**
         * Withdraws the action so the caller cleans up itself, and says whether it should. Returns {@code false}
         * once the JVM is stopping: the shutdown hook runs (or has run) the action, and must, since the JVM halts as
         * soon as the hook ends, cutting short whatever another thread is still doing.
         */
        boolean release();
    }

    private static final Registry JVM = new Registry();
    private static boolean hookInstalled;

    private OnShutdown() {
    }

    /**
     * Registers {@code action}, described as {@code what} in the imperative ("drop schema claim_matrix_..."), to run
     * if the JVM stops before the returned registration is closed.
     */
    public static Registration register(String what, Runnable action) {
        synchronized (OnShutdown.class) {
            if (!hookInstalled) {
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> JVM.runAll(System.err), "claim-matrix-shutdown"));
                    hookInstalled = true;
                } catch (IllegalStateException shuttingDown) {
                    JVM.running = true; // stopped before the first registration: register() below undoes at once
                }
            }
        }
        return JVM.register(what, action);
    }

    /** True once the JVM is stopping: a run in progress stops and stays quiet instead of reporting errors. */
    public static boolean inProgress() {
        return JVM.running;
    }

    /** The actions, newest first; one per JVM in use, others in tests. */
    static final class Registry {
        private record Action(String what, Runnable run) {
        }

        private final Deque<Action> actions = new ArrayDeque<>();
        private volatile boolean running;

        /**
         * Registers an action; once the actions are running (or have run), it is run at once instead and an
         * {@link IllegalStateException} says the JVM is stopping, so the caller goes no further.
         */
        synchronized Registration register(String what, Runnable action) {
            if (running) {
                action.run();
                throw new IllegalStateException("stopping: " + what + " done at once");
            }
            Action a = new Action(what, action);
            actions.push(a);
            return () -> {
                synchronized (Registry.this) {
                    return !running && actions.remove(a);
                }
            };
        }

        /** Runs every action still registered, newest first; one failing does not stop the others. */
        void runAll(PrintStream err) {
            running = true;
            List<String> done = new ArrayList<>();
            while (true) {
                Action a;
                synchronized (this) {
                    a = actions.poll();
                }
                if (a == null) {
                    break;
                }
                try {
                    a.run().run();
                    done.add(a.what());
                } catch (RuntimeException | Error e) {
                    err.println("claim-matrix: interrupted: could not " + a.what() + ": " + e.getMessage());
                }
            }
            if (!done.isEmpty()) {
                err.println("claim-matrix: interrupted: cleaned up (" + String.join(", ", done) + ")");
            }
            err.flush();
        }
    }
}

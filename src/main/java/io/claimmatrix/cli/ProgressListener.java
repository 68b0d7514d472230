package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.VariantResult;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A progress bar on stderr (results stay on stdout, so they can be piped): variants done / total, elapsed time, the
 * variant running now and the violations found so far, by kind (duplicates, group duplicates, over-claims, misses,
 * ineligible claims), with how many variants had any. It appears only once a run has taken {@link #SHOW_AFTER}, so
 * short runs print nothing; {@link #forStderr} draws none when stderr is not a terminal or with --quiet.
 */
final class ProgressListener implements MatrixRunner.Listener, AutoCloseable {

    static final Duration SHOW_AFTER = Duration.ofSeconds(2);

    private final PrintStream err;
    private final int width;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "claim-matrix-progress");
        t.setDaemon(true);
        return t;
    });
    // Guarded by this.
    private ProgressBar bar;
    private boolean closed;
    private int total;
    private int done;
    private long duplicates;
    private long groupDuplicates;
    private long overclaims;
    private long misses;
    private long ineligible;
    /** A variant measured under each statistics condition reports one result per condition: counted once. */
    private final Set<String> variantsWithViolations = new HashSet<>();
    private String current = "";

    ProgressListener(PrintStream err, Duration showAfter, int width, int total) {
        this.err = err;
        this.width = width;
        this.total = total;
        timer.schedule(this::show, showAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A bar on this process's stderr, or nothing when it is not a terminal or the user asked for quiet. */
    static ProgressListener forStderr(boolean quiet, int total) {
        return quiet || !Terminals.stderrIsTerminal() ? null
                : new ProgressListener(System.err, SHOW_AFTER, Terminals.stderrColumns(100), total);
    }

    /** Draws the bar from now on; the timer calls it once the run has taken {@link #SHOW_AFTER}. */
    synchronized void show() {
        if (closed || bar != null) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName("variants")
                .setInitialMax(Math.max(total, 1))
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setConsumer(new InteractiveConsoleProgressBarConsumer(err, width))
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .hideEta() // variants differ too much in length for an estimate to mean anything
                .startsFrom(done, Duration.ofNanos(System.nanoTime() - start))
                .build();
        refresh();
    }

    @Override
    public synchronized void started(int total) {
        this.total = total;
        refresh();
    }

    @Override
    public synchronized void variantStarted(int index, int total, ClaimStrategy<?> strategy) {
        this.total = total;
        this.current = strategy.name();
        refresh();
    }

    @Override
    public synchronized void variantDone(int index, int total, VariantResult result) {
        this.done = index;
        duplicates += result.committedDuplicates();
        groupDuplicates += result.groupDuplicates();
        overclaims += result.overclaims();
        misses += result.silentMisses() + result.missedItems();
        ineligible += result.ineligibleClaims();
        if (result.committedDuplicates() + result.groupDuplicates() + result.overclaims() + result.silentMisses()
                + result.missedItems() + result.ineligibleClaims() > 0) {
            variantsWithViolations.add(result.name());
        }
        refresh();
    }

    /** What the bar says after its counts: the violations so far (each kind found), then the variant running now. */
    synchronized String message() {
        List<String> found = new ArrayList<>();
        add(found, duplicates, "duplicate(s)");
        add(found, groupDuplicates, "group duplicate(s)");
        add(found, overclaims, "over-claim(s)");
        add(found, misses, "miss(es)");
        add(found, ineligible, "ineligible claim(s)");
        String m = current.isEmpty() ? "starting PostgreSQL and the run's schema"
                : (found.isEmpty() ? "no violation so far"
                : String.join(", ", found) + " in " + variantsWithViolations.size() + " variant(s) so far")
                + (done < total ? " · " + current : "");
        // Leave the bar and its counts (about 60 columns) their room: cut the variant's name, not the bar.
        int room = Math.max(30, width - 60);
        return m.length() <= room ? m : m.substring(0, room - 1) + "…";
    }

    private static void add(List<String> found, long n, String what) {
        if (n > 0) {
            found.add(n + " " + what);
        }
    }

    private void refresh() {
        if (bar != null) {
            bar.maxHint(Math.max(total, 1));
            bar.stepTo(done);
            bar.setExtraMessage(message());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
        if (bar != null) {
            bar.close();
        }
    }
}

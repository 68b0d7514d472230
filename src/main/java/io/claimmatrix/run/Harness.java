package io.claimmatrix.run;

import com.zaxxer.hikari.HikariDataSource;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
import io.claimmatrix.db.Jdbc;
import io.claimmatrix.db.OnShutdown;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs claim strategies under real concurrency: W workers, each on its own connection, released together;
 * each loops claim, write, commit until its claim comes back empty; R rounds, the fixture reset before each.
 * Every claim transaction is recorded. The harness owns connections and transactions; strategies only
 * issue statements.
 *
 * <p>Nothing hangs it: every session runs with the {@link Timeouts} of its {@link Settings}, and a round that
 * outlives its deadline (the round's, the variant's or the whole run's) is stopped by a watchdog: the workers'
 * running statements are cancelled, and sessions that still do not return are terminated, so their locks are
 * released and the next variant starts clean. The variant's verdict is then {@link Verdict#TIMEOUT}.
 */
public final class Harness implements AutoCloseable {

    /**
     * @param workers       concurrent claimers
     * @param rounds        fixture resets; each round runs until the queue is drained
     * @param fixture       the rows every round starts from
     * @param roundDeadline how long one round may take before the variant is stopped as {@link Verdict#TIMEOUT}
     * @param timeouts      the session timeouts and the variant's and run's deadlines
     */
    public record Settings(int workers, int rounds, Fixture fixture, Duration roundDeadline, Timeouts timeouts) {
        public static final int DEFAULT_WORKERS = 8;
        /** One round per fixture shape (mixed, absent, present): enough to catch every race in docs/matrix.md. */
        public static final int DEFAULT_ROUNDS = 3;
        /** A round normally takes well under a second; one that takes this long is a pile-up (e.g. FOR SHARE deadlocks). */
        public static final Duration DEFAULT_ROUND_DEADLINE = Duration.ofSeconds(10);

        public Settings {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
            }
            if (roundDeadline == null || roundDeadline.isNegative() || roundDeadline.isZero()) {
                throw new IllegalArgumentException("the round deadline must be positive, got " + roundDeadline);
            }
            if (timeouts == null) {
                timeouts = Timeouts.DEFAULTS;
            }
        }

        /** With the default {@link Timeouts}. */
        public Settings(int workers, int rounds, Fixture fixture, Duration roundDeadline) {
            this(workers, rounds, fixture, roundDeadline, Timeouts.DEFAULTS);
        }

        public Settings withTimeouts(Timeouts t) {
            return new Settings(workers, rounds, fixture, roundDeadline, t);
        }
    }

    /** A worker that keeps aborting without progress is stopped after this many aborts in a row. */
    private static final int MAX_CONSECUTIVE_ABORTS = 500;
    /** After a deadline: how long cancelled statements get to return before their sessions are terminated. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Only the kit's own sessions are ever terminated, whatever pid a list holds. */
    private static final String TERMINATE = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE pid = ANY (?) AND application_name = '" + Jdbc.APPLICATION_NAME + "' AND pid <> pg_backend_pid()";

    /** A point in {@link System#nanoTime()} and what it is, for the TIMEOUT reason. */
    private record Deadline(long nanos, String what) {
        static Deadline earliest(Deadline a, Deadline b) {
            return a.nanos - b.nanos <= 0 ? a : b;
        }

        boolean passed() {
            return System.nanoTime() - nanos >= 0;
        }
    }

    private final RunSchema schema;
    private final Settings settings;
    private final HikariDataSource pool;
    private final ExecutorService workers;
    private final Deadline runDeadline;
    /** The sessions of the variant running now and their backend pids: what a deadline or Ctrl-C stops. */
    private final Map<Connection, Integer> live = new ConcurrentHashMap<>();
    private volatile AtomicBoolean currentStop = new AtomicBoolean();
    private volatile boolean interrupted;
    private final OnShutdown.Registration onShutdown;

    public Harness(RunSchema schema, Settings settings) {
        this.schema = schema;
        this.settings = settings;
        this.pool = SessionSettings.pool(schema, settings.workers() + 1, "claim-matrix-workers", settings.timeouts());
        // Cached, not fixed: a worker stuck in a driver call after a deadline is abandoned, and must not take a
        // thread the next variant needs.
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "claim-worker");
            t.setDaemon(true);
            return t;
        });
        this.runDeadline = new Deadline(System.nanoTime() + settings.timeouts().run().toNanos(),
                "the run deadline (" + Timeouts.format(settings.timeouts().run()) + ")");
        this.onShutdown = OnShutdown.register("stop the workers", this::interrupt);
    }

    public Settings settings() {
        return settings;
    }

    /** Runs one strategy for all rounds and returns what happened; never throws for what PostgreSQL did. */
    public VariantRun run(ClaimStrategy strategy) throws SQLException, InterruptedException {
        // Rounds cycle through the shapes the variant is measured on (mixed, absent, present incremental imports).
        List<Fixture> fixtures = strategy.fixtureShapes().stream().map(settings.fixture()::shaped).toList();
        long runStart = System.nanoTime();
        if (interrupted || runDeadline.passed()) {
            return new VariantRun(strategy, settings.fixture().name(), settings.workers(), List.of(), null, null, true, 0,
                    interrupted ? "the run was interrupted before this variant started"
                            : runDeadline.what() + " passed before this variant started");
        }
        Deadline variantDeadline = Deadline.earliest(new Deadline(runStart + settings.timeouts().variant().toNanos(),
                "the variant deadline (" + Timeouts.format(settings.timeouts().variant()) + ")"), runDeadline);
        List<VariantRun.Round> rounds = new ArrayList<>();
        AtomicReference<String[]> rejection = new AtomicReference<>();
        String timeoutCause = null;

        List<Connection> connections = new ArrayList<>();
        try (Connection admin = pool.getConnection()) {
            live.put(admin, pid(admin));
            for (int w = 0; w < settings.workers(); w++) {
                Connection c = pool.getConnection();
                connections.add(c);
                live.put(c, pid(c));
                c.setAutoCommit(false);
                c.setTransactionIsolation(strategy.isolation().jdbcLevel());
            }
            DSLContext adminDsl = Jooq.dsl(admin);
            int roundCount = roundsFor(strategy);
            for (int r = 1; r <= roundCount && rejection.get() == null && timeoutCause == null && !interrupted; r++) {
                Fixture fixture = fixtures.get((r - 1) % fixtures.size());
                fixture.load(adminDsl);
                Deadline deadline = Deadline.earliest(new Deadline(System.nanoTime() + settings.roundDeadline().toNanos(),
                        "the round deadline (" + Timeouts.format(settings.roundDeadline()) + ")"), variantDeadline);
                RoundOutcome outcome = runRound(r, strategy, fixture, connections, rejection, deadline, admin);
                rounds.add(outcome.round());
                if (outcome.round().timedOut()) {
                    timeoutCause = deadline.what() + " passed in round " + r + "; the kit stopped the round"
                            + (outcome.stuck() ? ", cancelling the statements still running and ending the sessions that did not return"
                            : outcome.cancelled() ? ", cancelling the statements still running" : "");
                }
            }
        } finally {
            for (Connection c : connections) {
                release(c, timeoutCause != null);
            }
            live.clear();
        }
        String[] rejected = rejection.get();
        return new VariantRun(strategy, settings.fixture().name(), settings.workers(), List.copyOf(rounds),
                rejected == null ? null : rejected[1], rejected == null ? null : rejected[0],
                timeoutCause != null, System.nanoTime() - runStart, timeoutCause);
    }

    /**
     * A LIMIT n claim makes about n times fewer claim transactions per round, so n times fewer chances to race;
     * it runs n times the rounds, so that every variant gets about the same number of claim transactions.
     */
    public int roundsFor(ClaimStrategy strategy) {
        return settings.rounds() * strategy.dimensions().map(d -> Math.max(1, d.limit())).orElse(1);
    }

    private record RoundOutcome(VariantRun.Round round, boolean cancelled, boolean stuck) {
    }

    private RoundOutcome runRound(int round, ClaimStrategy strategy, Fixture fixture, List<Connection> connections,
                                  AtomicReference<String[]> rejection, Deadline deadline, Connection admin)
            throws InterruptedException {
        List<ClaimTransaction> history = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(connections.size());
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean(interrupted);
        currentStop = stop;
        AtomicBoolean deadlineHit = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < connections.size(); w++) {
            Worker worker = new Worker(round, w + 1, strategy, connections.get(w), history, stop, deadlineHit, rejection, deadline.nanos());
            futures.add(workers.submit(() -> {
                ready.countDown();
                go.await();
                worker.loop();
                return null;
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        boolean cancelled = false, stuck = false;
        if (!awaitAll(futures, deadline.nanos(), stop)) {
            // The watchdog: a statement is still running (or waiting for a lock) past the deadline.
            deadlineHit.set(true);
            stop.set(true);
            cancelled = true;
            connections.forEach(Harness::cancelQuietly);
            if (!awaitAll(futures, System.nanoTime() + GRACE.toNanos(), stop)) {
                stuck = true;
                terminate(admin, connections.stream().map(live::get).toList());
                connections.forEach(this::abortQuietly);
                // A worker still inside a driver call after this is abandoned: its thread is a daemon.
                awaitAll(futures, System.nanoTime() + GRACE.toNanos(), stop);
            }
        }
        long elapsed = System.nanoTime() - start;
        List<ClaimTransaction> sorted;
        synchronized (history) {
            sorted = new ArrayList<>(history);
        }
        sorted.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return new RoundOutcome(new VariantRun.Round(round, fixture.name(), fixture.eligibleIds(), List.copyOf(sorted), elapsed,
                deadlineHit.get()), cancelled, stuck);
    }

    /** Waits for every worker until {@code deadlineNanos}; false if some worker is still running then. */
    private static boolean awaitAll(List<Future<?>> futures, long deadlineNanos, AtomicBoolean stop) throws InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                stop.set(true);
                throw new IllegalStateException("worker failed: " + e.getCause(), e.getCause());
            }
        }
        return true;
    }

    /** One worker's loop for one round: claim, write, commit until the claim returns nothing. */
    private static final class Worker {
        private final int round;
        private final int id;
        private final ClaimStrategy strategy;
        private final Connection connection;
        private final DSLContext dsl;
        private final List<ClaimTransaction> history;
        private final AtomicBoolean stop;
        private final AtomicBoolean deadlineHit;
        private final AtomicReference<String[]> rejection;
        private final long deadline;

        Worker(int round, int id, ClaimStrategy strategy, Connection connection, List<ClaimTransaction> history,
               AtomicBoolean stop, AtomicBoolean deadlineHit, AtomicReference<String[]> rejection, long deadline) {
            this.round = round;
            this.id = id;
            this.strategy = strategy;
            this.connection = connection;
            this.dsl = Jooq.dsl(connection);
            this.history = history;
            this.stop = stop;
            this.deadlineHit = deadlineHit;
            this.rejection = rejection;
            this.deadline = deadline;
        }

        void loop() {
            int consecutiveAborts = 0;
            for (int seq = 1; !stop.get(); seq++) {
                if (System.nanoTime() - deadline >= 0) {
                    deadlineHit.set(true);
                    stop.set(true);
                    return;
                }
                long start = System.nanoTime();
                List<ClaimedAccount> claimed = List.of();
                String step = "claim";
                try {
                    claimed = strategy.claim(dsl);
                    if (claimed.isEmpty()) {
                        connection.commit();
                        return; // the queue looks drained to this worker
                    }
                    step = "write";
                    strategy.write(dsl, claimed);
                    step = "commit";
                    connection.commit();
                    history.add(ClaimTransaction.committed(round, id, seq, ids(claimed), start, System.nanoTime()));
                    consecutiveAborts = 0;
                } catch (RuntimeException | SQLException e) {
                    rollbackQuietly(connection);
                    Failures.Failure f = Failures.of(e);
                    history.add(ClaimTransaction.aborted(round, id, seq, ids(claimed), f.sqlState(), step, f.message(), start, System.nanoTime()));
                    if ("claim".equals(step) && Failures.isRejection(f.sqlState())) {
                        rejection.compareAndSet(null, new String[]{f.sqlState(), f.message()});
                        stop.set(true);
                        return;
                    }
                    if (++consecutiveAborts >= MAX_CONSECUTIVE_ABORTS || closed(connection)) {
                        return; // no progress, or the session is gone (ended by a timeout or by the kit)
                    }
                }
            }
        }

        private static List<String> ids(List<ClaimedAccount> claimed) {
            return claimed.stream().map(ClaimedAccount::id).toList();
        }
    }

    /**
     * Ctrl-C or SIGTERM: stop the workers and end their sessions, so that the run's schema can be dropped at once
     * (a session in a transaction holds locks the DROP would wait for).
     */
    private void interrupt() {
        interrupted = true;
        currentStop.set(true);
        live.keySet().forEach(Harness::cancelQuietly);
        List<Integer> pids = List.copyOf(live.values());
        if (pids.isEmpty()) {
            return;
        }
        try (Connection c = Jdbc.connect(schema.jdbcUrl(), schema.user(), schema.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = 5000");
            }
            terminate(c, pids);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void terminate(Connection via, Collection<Integer> pids) {
        try (PreparedStatement s = via.prepareStatement(TERMINATE)) {
            Array array = via.createArrayOf("int4", pids.stream().filter(p -> p != null && p > 0).toArray());
            s.setArray(1, array);
            s.execute();
        } catch (SQLException e) {
            // the sessions may be gone already; the deadline stands either way
        }
    }

    private static int pid(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Protocol-level cancel (as psql's Ctrl-C): interrupts a running or lock-waiting statement; no session slot needed. */
    private static void cancelQuietly(Connection c) {
        try {
            c.unwrap(BaseConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException ignored) {
            // nothing running, or the session is gone
        }
    }

    private void abortQuietly(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // already closed
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next statement will say so
        }
    }

    /** Returns a worker's connection to the pool, or evicts it after a deadline (its state is unknown). */
    private void release(Connection c, boolean evict) {
        if (evict) {
            pool.evictConnection(c);
            return;
        }
        try {
            c.rollback();
            c.close();
        } catch (SQLException ignored) {
            // returning a broken connection to the pool: Hikari evicts it
        }
    }

    @Override
    public void close() {
        onShutdown.close();
        workers.shutdownNow();
        pool.close();
    }
}

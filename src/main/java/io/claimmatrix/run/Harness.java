package io.claimmatrix.run;

import com.zaxxer.hikari.HikariDataSource;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.Jdbc;
import io.claimmatrix.db.OnShutdown;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelFixture;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.sql.StatementLimit;
import org.jooq.DSLContext;
import org.jooq.Record;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
 * Runs claim strategies of one queue model under real concurrency: W workers, each on its own connection, released
 * together; each loops claim, write, commit until its claim comes back empty; R rounds, the fixture reset (under the
 * run's {@link Statistics} condition) before each. Every claim transaction is recorded, with the rows each of its claim
 * statements returned; a worker whose claim statement found nothing asks claimable.sql what was left, so a silent miss
 * can be told from an empty queue. The harness owns connections and transactions; strategies only issue statements.
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
     * @param fixtures      the rows every round starts from (the seed model's fixture, other models' :items)
     * @param roundDeadline how long one round may take before the variant is stopped as {@link Verdict#TIMEOUT}
     * @param timeouts      the session timeouts and the variant's and run's deadlines
     * @param statistics    the statistics conditions each variant is measured under; {@code null} for each model's own
     *                      ({@link io.claimmatrix.model.QueueModel#defaultStatistics()}: both, unless the model says)
     */
    public record Settings(int workers, int rounds, FixtureSettings fixtures, Duration roundDeadline, Timeouts timeouts,
                           List<Statistics> statistics) {
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
            statistics = statistics == null || statistics.isEmpty() ? null : List.copyOf(new LinkedHashSet<>(statistics));
        }

        /** The seed model's fixture, other models at their default size, the default {@link Timeouts}, each model's statistics. */
        public Settings(int workers, int rounds, Fixture fixture, Duration roundDeadline) {
            this(workers, rounds, FixtureSettings.of(fixture), roundDeadline, Timeouts.DEFAULTS, null);
        }

        /** The seed model's fixture, other models at their default size, each model's statistics. */
        public Settings(int workers, int rounds, Fixture fixture, Duration roundDeadline, Timeouts timeouts) {
            this(workers, rounds, FixtureSettings.of(fixture), roundDeadline, timeouts, null);
        }

        /** The seed model's fixture. */
        public Fixture fixture() {
            return fixtures.seed();
        }

        public Settings withTimeouts(Timeouts t) {
            return new Settings(workers, rounds, fixtures, roundDeadline, t, statistics);
        }

        public Settings withStatistics(List<Statistics> s) {
            return new Settings(workers, rounds, fixtures, roundDeadline, timeouts, s);
        }

        public Settings withFixtures(FixtureSettings f) {
            return new Settings(workers, rounds, f, roundDeadline, timeouts, statistics);
        }
    }

    /** A worker that keeps aborting without progress is stopped after this many aborts in a row. */
    private static final int MAX_CONSECUTIVE_ABORTS = 500;
    /** A LIMIT n claim runs n times the rounds, at most this many times. */
    private static final int MAX_ROUND_FACTOR = 10;
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

    private final ModelSchema model;
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

    public Harness(ModelSchema model, Settings settings) {
        this.model = model;
        this.schema = model.schema();
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

    public ModelSchema model() {
        return model;
    }

    /**
     * The batch the harness holds a strategy's claim statements to: its own {@link ClaimStrategy#batch()}, else the
     * LIMIT read from its claim statement ({@link StatementLimit}); {@code null} for unbounded.
     */
    public static Integer batchOf(ClaimStrategy<?> strategy) {
        OptionalInt declared = strategy.batch();
        if (declared.isPresent()) {
            return declared.getAsInt();
        }
        OptionalInt read = StatementLimit.of(ClaimSqlRenderer.render(strategy));
        return read.isPresent() ? read.getAsInt() : null;
    }

    /**
     * The claim statement's plan under a statistics condition: the strategy's first fixture loaded under it, then
     * {@code EXPLAIN (COSTS OFF)} ({@link ModelSchema#plan}).
     */
    public List<String> plan(ClaimStrategy<?> strategy, Statistics statistics) throws SQLException {
        try (Connection admin = pool.getConnection()) {
            DSLContext dsl = Jooq.dsl(admin);
            model.load(dsl, model.fixtures(strategy, settings.fixtures()).get(0), statistics);
            return model.plan(dsl, ClaimSqlRenderer.render(strategy));
        }
    }

    /** Runs one strategy for all rounds under fresh statistics (as the matrix did before statistics were a condition). */
    public VariantRun run(ClaimStrategy<?> strategy) throws SQLException, InterruptedException {
        return run(strategy, Statistics.FRESH);
    }

    /** Runs one strategy for all rounds under {@code statistics} and returns what happened; never throws for what PostgreSQL did. */
    public VariantRun run(ClaimStrategy<?> strategy, Statistics statistics) throws SQLException, InterruptedException {
        // Rounds cycle through the fixtures the variant is measured on (the seed's shapes; fixture.sql otherwise).
        List<ModelFixture> fixtures = model.fixtures(strategy, settings.fixtures());
        Integer batch = batchOf(strategy);
        String fixtureName = model.model().isSeed() ? settings.fixture().name() : fixtures.get(0).name();
        long runStart = System.nanoTime();
        if (interrupted || runDeadline.passed()) {
            return new VariantRun(strategy, model.model().name(), statistics, fixtureName, settings.workers(), batch,
                    model.model().lease().orElse(null), List.of(), null, null, true, 0,
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
                ModelFixture fixture = fixtures.get((r - 1) % fixtures.size());
                model.load(adminDsl, fixture, statistics);
                List<String> start = model.claimable(adminDsl);
                Map<String, String> groups = model.groups(adminDsl);
                Deadline deadline = Deadline.earliest(new Deadline(System.nanoTime() + settings.roundDeadline().toNanos(),
                        "the round deadline (" + Timeouts.format(settings.roundDeadline()) + ")"), variantDeadline);
                RoundOutcome outcome = runRound(r, strategy, fixture, connections, rejection, deadline, admin, start, groups);
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
        return new VariantRun(strategy, model.model().name(), statistics, fixtureName, settings.workers(), batch,
                model.model().lease().orElse(null), List.copyOf(rounds),
                rejected == null ? null : rejected[1], rejected == null ? null : rejected[0],
                timeoutCause != null, System.nanoTime() - runStart, timeoutCause);
    }

    /**
     * A LIMIT n claim makes about n times fewer claim transactions per round, so n times fewer chances to race;
     * it runs n times the rounds (at most {@value #MAX_ROUND_FACTOR} times), so that every variant gets about the same
     * number of claim transactions. The seed's composed variants take n from their dimensions, others from their batch.
     */
    public int roundsFor(ClaimStrategy<?> strategy) {
        int n = strategy.dimensions().map(d -> d.limit()).orElseGet(() -> {
            Integer batch = batchOf(strategy);
            return batch == null ? 1 : batch;
        });
        return settings.rounds() * Math.max(1, Math.min(MAX_ROUND_FACTOR, n));
    }

    private record RoundOutcome(VariantRun.Round round, boolean cancelled, boolean stuck) {
    }

    private RoundOutcome runRound(int round, ClaimStrategy<?> strategy, ModelFixture fixture, List<Connection> connections,
                                  AtomicReference<String[]> rejection, Deadline deadline, Connection admin,
                                  List<String> claimableAtStart, Map<String, String> groups)
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
        List<String> atEnd;
        try {
            atEnd = model.claimable(Jooq.dsl(admin));
        } catch (RuntimeException e) {
            atEnd = List.of(); // the admin session was ended with the round's (a deadline): the round is TIMEOUT anyway
        }
        return new RoundOutcome(new VariantRun.Round(round, fixture.name(), new LinkedHashSet<>(claimableAtStart),
                new LinkedHashSet<>(atEnd), groups, List.copyOf(sorted), elapsed, deadlineHit.get()), cancelled, stuck);
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

    @SuppressWarnings("unchecked")
    private static <R extends Record> List<? extends Record> claim(ClaimStrategy<R> strategy, DSLContext dsl) {
        return strategy.claim(dsl);
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> void write(ClaimStrategy<R> strategy, DSLContext dsl, List<? extends Record> rows) {
        strategy.write(dsl, (List<R>) rows);
    }

    /** One worker's loop for one round: claim, write, commit until the claim returns nothing. */
    private final class Worker {
        private final int round;
        private final int id;
        private final ClaimStrategy<?> strategy;
        private final Connection connection;
        private final StatementLog log = new StatementLog();
        private final DSLContext dsl;
        private final List<ClaimTransaction> history;
        private final AtomicBoolean stop;
        private final AtomicBoolean deadlineHit;
        private final AtomicReference<String[]> rejection;
        private final long deadline;

        Worker(int round, int id, ClaimStrategy<?> strategy, Connection connection, List<ClaimTransaction> history,
               AtomicBoolean stop, AtomicBoolean deadlineHit, AtomicReference<String[]> rejection, long deadline) {
            this.round = round;
            this.id = id;
            this.strategy = strategy;
            this.connection = connection;
            this.dsl = log.attach(Jooq.dsl(connection));
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
                List<String> keys = List.of();
                String step = "claim";
                log.clear();
                try {
                    log.phase(StatementLog.Phase.CLAIM);
                    List<? extends Record> claimed = claim(strategy, dsl);
                    keys = model.keys(claimed);
                    if (claimed.isEmpty()) {
                        connection.commit();
                        List<Integer> rows = log.claimRows();
                        history.add(ClaimTransaction.empty(round, id, seq, rows, probe(rows), start, System.nanoTime()));
                        return; // the queue looks drained to this worker
                    }
                    step = "write";
                    log.phase(StatementLog.Phase.WRITE);
                    write(strategy, dsl, claimed);
                    step = "commit";
                    connection.commit();
                    history.add(ClaimTransaction.committed(round, id, seq, keys, log.claimRows(), start, System.nanoTime()));
                    consecutiveAborts = 0;
                } catch (RuntimeException | SQLException e) {
                    rollbackQuietly(connection);
                    Failures.Failure f = Failures.of(e);
                    history.add(ClaimTransaction.aborted(round, id, seq, keys, log.claimRows(), f.sqlState(), step, f.message(),
                            start, System.nanoTime()));
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

        /**
         * When the claim statement itself found nothing: what claimable.sql lists now, in a transaction of its own
         * (a new snapshot at every isolation level), so the oracle can tell an empty queue from a silent miss.
         */
        private List<String> probe(List<Integer> claimRows) {
            if (claimRows.isEmpty() || claimRows.get(0) != 0) {
                return null; // it found rows, and a re-check dropped them: not a miss
            }
            try {
                log.phase(StatementLog.Phase.OTHER);
                List<String> now = model.claimable(dsl);
                connection.commit();
                return now;
            } catch (RuntimeException | SQLException e) {
                rollbackQuietly(connection);
                return null;
            }
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
        onShutdown.release(); // stopping the workers twice is harmless: no need to ask who does it
        workers.shutdownNow();
        pool.close();
    }
}

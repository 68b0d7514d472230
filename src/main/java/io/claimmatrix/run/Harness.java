package io.claimmatrix.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import org.jooq.DSLContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs claim strategies under real concurrency: W workers, each on its own connection, released together;
 * each loops claim, write, commit until its claim comes back empty; R rounds, the fixture reset before each.
 * Every claim transaction is recorded. The harness owns connections and transactions; strategies only
 * issue statements.
 */
public final class Harness implements AutoCloseable {

    /**
     * @param workers       concurrent claimers
     * @param rounds        fixture resets; each round runs until the queue is drained
     * @param fixture       the rows every round starts from
     * @param roundDeadline how long one round may take before the variant is stopped as {@link Verdict#TIMEOUT}
     */
    public record Settings(int workers, int rounds, Fixture fixture, Duration roundDeadline) {
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
        }
    }

    /** A worker that keeps aborting without progress is stopped after this many aborts in a row. */
    private static final int MAX_CONSECUTIVE_ABORTS = 500;

    private final RunSchema schema;
    private final Settings settings;
    private final HikariDataSource pool;
    private final ExecutorService workers;

    public Harness(RunSchema schema, Settings settings) {
        this.schema = schema;
        this.settings = settings;
        this.pool = SessionSettings.pool(schema, settings.workers() + 1, "claim-matrix-workers");
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> {
            Thread t = new Thread(r, "claim-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public Settings settings() {
        return settings;
    }

    /** Runs one strategy for all rounds and returns what happened; never throws for what PostgreSQL did. */
    public VariantRun run(ClaimStrategy strategy) throws SQLException, InterruptedException {
        // Rounds cycle through the shapes the variant is measured on (mixed, absent, present incremental imports).
        List<Fixture> fixtures = strategy.fixtureShapes().stream().map(settings.fixture()::shaped).toList();
        List<VariantRun.Round> rounds = new ArrayList<>();
        AtomicReference<String[]> rejection = new AtomicReference<>();
        boolean timedOut = false;
        long runStart = System.nanoTime();

        List<Connection> connections = new ArrayList<>();
        try (Connection admin = pool.getConnection()) {
            for (int w = 0; w < settings.workers(); w++) {
                Connection c = pool.getConnection();
                c.setAutoCommit(false);
                c.setTransactionIsolation(strategy.isolation().jdbcLevel());
                connections.add(c);
            }
            DSLContext adminDsl = Jooq.dsl(admin);
            int roundCount = roundsFor(strategy);
            for (int r = 1; r <= roundCount && rejection.get() == null && !timedOut; r++) {
                Fixture fixture = fixtures.get((r - 1) % fixtures.size());
                fixture.load(adminDsl);
                VariantRun.Round round = runRound(r, strategy, fixture, connections, rejection);
                rounds.add(round);
                timedOut = round.timedOut();
            }
        } finally {
            for (Connection c : connections) {
                closeQuietly(c);
            }
        }
        String[] rejected = rejection.get();
        return new VariantRun(strategy, settings.fixture().name(), settings.workers(), List.copyOf(rounds),
                rejected == null ? null : rejected[1], rejected == null ? null : rejected[0],
                timedOut, System.nanoTime() - runStart);
    }

    /**
     * A LIMIT n claim makes about n times fewer claim transactions per round, so n times fewer chances to race;
     * it runs n times the rounds, so that every variant gets about the same number of claim transactions.
     */
    public int roundsFor(ClaimStrategy strategy) {
        return settings.rounds() * strategy.dimensions().map(d -> Math.max(1, d.limit())).orElse(1);
    }

    private VariantRun.Round runRound(int round, ClaimStrategy strategy, Fixture fixture, List<Connection> connections,
                                      AtomicReference<String[]> rejection) throws InterruptedException {
        List<ClaimTransaction> history = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(connections.size());
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean deadlineHit = new AtomicBoolean();
        long deadline = System.nanoTime() + settings.roundDeadline().toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < connections.size(); w++) {
            Worker worker = new Worker(round, w + 1, strategy, connections.get(w), history, stop, deadlineHit, rejection, deadline);
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
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("worker failed: " + e.getCause(), e.getCause());
            }
        }
        long elapsed = System.nanoTime() - start;
        List<ClaimTransaction> sorted = new ArrayList<>(history);
        sorted.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return new VariantRun.Round(round, fixture.name(), fixture.eligibleIds(), List.copyOf(sorted), elapsed, deadlineHit.get());
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
                if (System.nanoTime() > deadline) {
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
                    if (++consecutiveAborts >= MAX_CONSECUTIVE_ABORTS) {
                        return;
                    }
                }
            }
        }

        private static List<String> ids(List<ClaimedAccount> claimed) {
            return claimed.stream().map(ClaimedAccount::id).toList();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next statement will say so
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.rollback();
            c.close();
        } catch (SQLException ignored) {
            // returning a broken connection to the pool: Hikari evicts it
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        pool.close();
    }
}

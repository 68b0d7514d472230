package io.claimmatrix.schedule;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelFixture;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.SqlFixture;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.ClaimSqlRenderer;
import io.claimmatrix.run.Failures;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.Jooq;
import io.claimmatrix.run.SessionSettings;
import io.claimmatrix.run.StatementLog;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs {@link Schedule}s against claim strategies of one queue model, one step at a time, on real sessions of one
 * PostgreSQL server.
 *
 * <p>How a claim is paused inside its statement: the run schema gets, after the model's changelog, the gate's
 * ({@value #GATE_CHANGELOG}), which adds a row-level-security policy on every table of the model calling
 * {@code claim_matrix_gate()}. Each session sets {@code claim_matrix.gate} to its own advisory-lock key; the gate waits
 * while the scheduler holds that key. A paused claim has taken its snapshot (statement start) and waits at the first
 * row it reads, so before it locks anything. The strategy's SQL is unchanged.
 *
 * <p>Row-level security does not apply to superusers or BYPASSRLS roles: when the login user is one, the runner
 * creates a NOLOGIN role named after the run schema (dropped on {@link #close()}) and its sessions {@code SET ROLE}
 * to it. Otherwise the sessions run as the login user, who owns the tables, and FORCE ROW LEVEL SECURITY makes the
 * policy apply to the owner.
 *
 * <p>Waits are read from the server ({@code pg_blocking_pids}), never guessed from time: after starting a step the
 * scheduler polls until the step has completed or the server reports it blocked by another session or the gate.
 * The harness owns transactions; strategies only issue statements ({@link ClaimStrategy#claim}, {@link ClaimStrategy#write}).
 *
 * <p>One runner reuses its schema, control connection and sessions for every run (the fixture is reset with one
 * round trip), so a run costs milliseconds. Not thread-safe: one run at a time.
 */
public final class ScheduleRunner implements AutoCloseable {

    /** The changelog that adds the gate to every table of the model, applied after the model's own. */
    public static final String GATE_CHANGELOG = "io/claimmatrix/schedule/interleavings-gate.yaml";
    /** {@code :items} of a model's fixture.sql in a schedule: a few items are enough for two or three sessions. */
    public static final int SCHEDULE_ITEMS = 10;

    /** A step that neither completes nor blocks for this long is a bug in the kit, not a measurement. */
    static final Duration STEP_DEADLINE = SessionSettings.STATEMENT_TIMEOUT;
    /** How long to wait for a step before asking the server whether it is blocked, then between questions. */
    private static final long FIRST_POLL_MICROS = 1000, POLL_MICROS = 200, MAX_POLL_MICROS = 5000;

    /** Renders the statements a timeline shows: one line, unquoted names, upper-case keywords. */
    static final DSLContext TIMELINE_SQL = DSL.using(SQLDialect.POSTGRES, Jooq.settings()
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withRenderKeywordCase(RenderKeywordCase.UPPER)
            .withRenderFormatted(false));

    private final ModelSchema model;
    private final RunSchema schema;
    private final FixtureSettings fixtures;
    private final String role;
    private final Connection control;
    private final DSLContext controlDsl;
    private final int controlPid;
    private final long gateKeyBase;
    private final List<Session> sessions = new ArrayList<>();
    private final Map<String, String> claimSqlCache = new HashMap<>();
    /** Each strategy's batch ({@link Harness#batchOf}, which renders its claim statement): read once, not per run. */
    private final Map<String, java.util.Optional<Integer>> batchCache = new HashMap<>();
    /** What claimable.sql lists, and the groups, right after a fixture's reset: the same every run. */
    private final Map<ModelFixture, List<String>> claimableAtReset = new HashMap<>();
    private final Map<ModelFixture, Map<String, String>> groupsAtReset = new HashMap<>();
    /** The statistics the model's tables have now, as {@link #prepare} left them. */
    private Statistics statistics;
    private boolean closed;

    private ScheduleRunner(ModelSchema model, FixtureSettings fixtures) throws SQLException {
        this.model = model;
        this.schema = model.schema();
        this.fixtures = fixtures;
        this.control = schema.connect();
        this.controlDsl = Jooq.dsl(control);
        this.gateKeyBase = new SecureRandom().nextLong() & 0x3fff_ffff_ffff_0000L;
        String created = null;
        try {
            this.controlPid = pid(control);
            created = sessionRole();
            // Statistics once, as a matrix round has them; the runs then reset rows without TRUNCATE or ANALYZE.
            prepare(Statistics.FRESH);
        } catch (SQLException | RuntimeException e) {
            try {
                if (created != null) {
                    dropRole(created);
                }
            } finally {
                closeQuietly(control);
            }
            throw e;
        }
        this.role = created;
    }

    /**
     * Creates a run schema of the seed model with the gate on this server; {@link #close()} drops it (and the session
     * role, if any).
     */
    public static ScheduleRunner open(DatabaseTarget target) throws SQLException {
        return open(target, io.claimmatrix.model.ModelCatalogue.builtIn().get(QueueModel.SEED), FixtureSettings.of(Fixture.seed()));
    }

    /** The seed model, on a server given by URL and login (e.g. a login user made for a test). */
    public static ScheduleRunner open(String jdbcUrl, String user, String password) throws SQLException {
        return open(new DatabaseTarget() {
            @Override
            public String jdbcUrl() {
                return jdbcUrl;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public String mode() {
                return "external";
            }

            @Override
            public void close() {
            }
        });
    }

    /** Creates a run schema of {@code model} with the gate; its fixture.sql loads {@value #SCHEDULE_ITEMS} items unless {@code fixtures} says. */
    public static ScheduleRunner open(DatabaseTarget target, QueueModel model, FixtureSettings fixtures) throws SQLException {
        FixtureSettings small = fixtures.items() != null ? fixtures : new FixtureSettings(fixtures.seed(), Math.min(SCHEDULE_ITEMS, model.defaultItems()));
        ModelSchema schema = ModelSchema.create(target.jdbcUrl(), target.user(), target.password(), model, small, GATE_CHANGELOG);
        try {
            return new ScheduleRunner(schema, small);
        } catch (SQLException | RuntimeException e) {
            schema.close();
            throw e;
        }
    }

    /** The model's tables as the schedules see them. */
    public ModelSchema model() {
        return model;
    }

    /**
     * The fixtures a strategy's schedules run on: for the seed model, its three accounts in each shape the strategy is
     * measured on; for another model, its fixture.sql at a few items ({@value #SCHEDULE_ITEMS} by default).
     */
    public List<ModelFixture> fixtures(ClaimStrategy<?> strategy) {
        return model.fixtures(strategy, fixtures);
    }

    /**
     * Leaves the model's tables with the planner statistics of a condition ({@link ModelSchema#load}); the runs that
     * follow reset rows without a new ANALYZE, so they keep it. Nothing happens when the tables have it already.
     */
    public void prepare(Statistics condition) {
        if (condition == statistics) {
            return;
        }
        ModelFixture first = model.model().isSeed() ? fixtures.seed().withIncrementalRows()
                : new SqlFixture(model.model(), fixtures.itemsFor(model.model()));
        model.load(controlDsl, first, condition);
        statistics = condition;
    }

    /** The run schema's name. */
    public String schemaName() {
        return schema.name();
    }

    /** The role the sessions SET ROLE to, or {@code null} when they run as the login user (see the class comment). */
    public String sessionRoleName() {
        return role;
    }

    /**
     * Decides how the sessions become subject to the gate's policy: as the login user when row-level security
     * applies to it (FORCE covers the owner), else through a run-scoped role.
     */
    private String sessionRole() throws SQLException {
        boolean superuser, bypassRls;
        String user;
        try (Statement s = control.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            user = rs.getString(1);
            superuser = rs.getBoolean(2);
            bypassRls = rs.getBoolean(3);
        }
        if (!superuser && !bypassRls) {
            return null;
        }
        String name = schema.name(); // claim_matrix_<hex>: a plain lower-case identifier, unique per run
        try (Statement s = control.createStatement()) {
            s.execute("CREATE ROLE " + name + " NOLOGIN");
        } catch (SQLException e) {
            throw new BadInputException("interleavings need sessions that row-level security applies to, but " + user
                    + " bypasses it (" + (superuser ? "superuser" : "BYPASSRLS") + ") and cannot create a role to SET ROLE to ("
                    + Failures.of(e).message() + "): connect as a user without BYPASSRLS, or one with CREATEROLE");
        }
        try (Statement s = control.createStatement()) {
            if (!superuser) {
                s.execute("GRANT " + name + " TO CURRENT_USER"); // SET ROLE needs membership, except for superusers
            }
            s.execute("GRANT USAGE ON SCHEMA " + schema.name() + " TO " + name);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA " + schema.name() + " TO " + name);
            s.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + schema.name() + " TO " + name);
        } catch (SQLException | RuntimeException e) {
            dropRole(name);
            throw e;
        }
        return name;
    }

    /** Key to group key on a fixture (groups.sql), empty when the model has no groups. */
    public Map<String, String> groups(ModelFixture fixture) {
        return groupsAtReset.computeIfAbsent(fixture, f -> {
            model.reset(controlDsl, f);
            return model.groups(controlDsl);
        });
    }

    /** Runs one schedule once: resets the fixture, plays the steps, judges the outcome. */
    public ScheduleResult run(ClaimStrategy<?> strategy, Schedule schedule, ModelFixture fixture) throws SQLException, InterruptedException {
        ensureSessions(schedule.sessions());
        model.reset(controlDsl, fixture);
        List<String> eligibleAtStart = claimableAtReset.computeIfAbsent(fixture, f -> model.claimable(controlDsl).stream().sorted().toList());
        Map<String, String> groups = groupsAtReset.computeIfAbsent(fixture, f -> model.groups(controlDsl));
        Run run = new Run(strategy, schedule);
        try {
            run.play();
        } finally {
            run.cleanUp();
        }
        List<String> eligibleAtEnd = model.claimable(controlDsl).stream().sorted().toList();
        String claimSql = claimSqlCache.computeIfAbsent(strategy.name(), n -> oneLine(TIMELINE_SQL.renderInlined(strategy.claimQuery(TIMELINE_SQL))));
        return ScheduleResult.judge(schedule, strategy.name(), strategy.isolation().sql(), fixture.name(), claimSql,
                run.records(), run.timeline, run.transactions(), eligibleAtStart, eligibleAtEnd, groups,
                batchCache.computeIfAbsent(strategy.name(), n -> java.util.Optional.ofNullable(Harness.batchOf(strategy))).orElse(null));
    }

    /** How plans and messages name the run's schema: its name is random, and the same on no two runs. */
    public static final String SCHEMA_PLACEHOLDER = "<schema>";

    /**
     * The claim query's plan, {@code EXPLAIN (VERBOSE, COSTS OFF)}, with the fixture loaded, under the statistics the
     * runner's tables have ({@link #prepare}); PostgreSQL's error as one {@code ERROR:} line when it refuses the query.
     * Planned on s1's session, the one the schedules run on (its role, its row-level security: the gate's policy is
     * part of the plan), with the run schema's name shown as {@value #SCHEMA_PLACEHOLDER}.
     */
    public List<String> plan(ClaimStrategy<?> strategy, ModelFixture fixture) throws SQLException {
        ensureSessions(1);
        model.reset(controlDsl, fixture);
        List<String> lines = new ArrayList<>();
        Session s1 = sessions.get(0);
        try (Statement s = s1.connection.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (VERBOSE, COSTS OFF)\n" + ClaimSqlRenderer.render(strategy))) {
            while (rs.next()) {
                lines.add(rs.getString(1).replace(schema.name(), SCHEMA_PLACEHOLDER));
            }
        } catch (SQLException e) {
            Failures.Failure f = Failures.of(e);
            lines.add("ERROR:  " + f.message().replace(schema.name(), SCHEMA_PLACEHOLDER) + " (SQLSTATE " + f.sqlState() + ")");
        } finally {
            if (s1.transactionState() != TransactionState.IDLE) {
                try (Statement st = s1.connection.createStatement()) {
                    st.execute("ROLLBACK");
                }
            }
        }
        return lines;
    }

    private void ensureSessions(int count) throws SQLException {
        while (sessions.size() < count) {
            sessions.add(new Session(sessions.size() + 1));
        }
    }

    /** Which of our sessions (or the gate) the backend {@code pid} waits for; empty when it is not blocked by us. */
    private List<String> blockers(int pid) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = control.prepareStatement("SELECT unnest(pg_blocking_pids(?))")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int blocker = rs.getInt(1);
                    String name = blocker == controlPid ? "gate" : sessions.stream().filter(s -> s.pid == blocker)
                            .map(s -> s.name).findFirst().orElse(null);
                    if (name != null) { // a process that is not ours (autovacuum, ...) lets go by itself
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private void gate(Session s, boolean hold) throws SQLException {
        try (Statement st = control.createStatement()) {
            st.execute("SELECT " + (hold ? "pg_advisory_lock(" : "pg_advisory_unlock(") + s.gateKey + ")");
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Closes the sessions, drops the session role (if one was created) and the run schema. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Session s : sessions) {
            s.close();
        }
        RuntimeException failure = null;
        if (role != null) {
            try {
                dropRole(role);
            } catch (RuntimeException e) {
                failure = e; // still drop the schema
            }
        }
        closeQuietly(control);
        schema.close();
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the server ends a closed client's session; the schema is dropped on a connection of its own
        }
    }

    private void dropRole(String name) {
        try (Statement s = control.createStatement()) {
            s.execute("DROP OWNED BY " + name); // its privileges on the run schema's objects
            s.execute("DROP ROLE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop role " + name + ": " + e.getMessage(), e);
        }
    }

    /** Thrown at a switch point when the schedule ends the transaction before the program reached its end. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super("the schedule ended the transaction here", null, false, false);
        }
    }

    /** Where a session's program may go: the phases of a claim transaction, in order. */
    private enum Phase { NONE, CLAIM, WRITE, END }

    /**
     * One server session, s1, s2, ...: its own connection and thread, so a step can block while others go on.
     *
     * <p>A transaction is a program run on the session's thread, from BEGIN through the strategy's claim and write to
     * COMMIT or ROLLBACK. Before every statement the program stops at a switch point ({@link StatementLog}'s hook) unless
     * the current step allows that statement: a whole-phase step ({@code s1claim}) allows every statement of its phase
     * (and of the phases before it), a statement step ({@code s1claim.2}) one. Where the program stops, the step is done.
     * Shared state is guarded by the session's monitor.
     */
    private final class Session {
        final int number;
        final String name;
        final Connection connection;
        final DSLContext dsl;
        final int pid;
        final long gateKey;
        final ExecutorService thread;
        /** What the transaction sent, with each statement's rows; a step's part starts at its mark. */
        final StatementLog log = new StatementLog();
        /** Statements the runner itself sends (BEGIN, COMMIT, ...), in the order sent. */
        final List<String> own = new ArrayList<>();

        // The program's leash, set by the scheduler: statements of phases before allowedPhase run freely; of
        // allowedPhase, allowedCount more (-1: all). ending, once set, stops the program at its next switch point.
        private Phase allowedPhase = Phase.NONE;
        private int allowedCount;
        private Action ending;
        // The running step, filled in as the program goes.
        private CompletableFuture<Executed> step;
        private int logMark, ownMark;
        private List<? extends Record> stepRows;
        private String stepSqlState, stepError, stepNote;
        private boolean stepRan;
        // The transaction.
        private boolean failed;
        private boolean claimDone;
        private boolean programDone = true;

        Session(int number) throws SQLException {
            this.number = number;
            this.name = "s" + number;
            this.gateKey = gateKeyBase + number;
            this.connection = schema.connect();
            try (Statement s = connection.createStatement()) {
                s.execute("SET statement_timeout = " + SessionSettings.STATEMENT_TIMEOUT.toMillis());
                s.execute("SET lock_timeout = " + SessionSettings.LOCK_TIMEOUT.toMillis());
                s.execute("SET idle_in_transaction_session_timeout = " + SessionSettings.IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
                s.execute("SET application_name = 'claim-matrix schedule " + name + "'");
                try {
                    // In a deadlock, the waiter whose timeout expires first detects it and is the one aborted: s2 and
                    // later sessions check after 50 ms, s1 after 1 s, so the victim does not depend on timing
                    // (as isolation specs do). Superuser-only setting: others keep the server's default.
                    s.execute("SET deadlock_timeout = '" + (number == 1 ? 1000 : 50) + "ms'");
                } catch (SQLException notSuperuser) {
                    // keep the default
                }
                s.execute("SET claim_matrix.gate = '" + gateKey + "'");
                if (role != null) {
                    s.execute("SET ROLE " + role);
                }
            }
            this.pid = pid(connection);
            this.dsl = log.attach(Jooq.dsl(connection));
            log.beforeStatement(this::switchPoint);
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "claim-matrix-schedule-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        /** Starts a transaction's program; the BEGIN step is done when it reaches its first switch point. */
        synchronized CompletableFuture<Executed> begin(ClaimStrategy<?> strategy) {
            log.clear();
            own.clear();
            allowedPhase = Phase.NONE;
            allowedCount = 0;
            ending = null;
            failed = false;
            claimDone = false;
            programDone = false;
            CompletableFuture<Executed> f = newStep(null);
            thread.submit(() -> program(strategy));
            return f;
        }

        /** Lets the program run one more statement (or the whole phase) of {@code phase}. */
        synchronized CompletableFuture<Executed> allow(Phase phase, int statements) {
            CompletableFuture<Executed> f = newStep(null);
            allowedPhase = phase;
            allowedCount = statements;
            notifyAll();
            return f;
        }

        /** Ends the transaction: the program stops before its next statement and commits or rolls back. */
        synchronized CompletableFuture<Executed> end(Action commitOrRollback) {
            CompletableFuture<Executed> f = newStep(null);
            ending = commitOrRollback;
            notifyAll();
            return f;
        }

        private CompletableFuture<Executed> newStep(String note) {
            step = new CompletableFuture<>();
            logMark = log.entries().size();
            ownMark = own.size();
            stepRows = null;
            stepSqlState = null;
            stepError = null;
            stepNote = note;
            stepRan = false;
            return step;
        }

        /** The running step is done: what it sent and got since it started. */
        private synchronized void finishStep() {
            if (step.isDone()) {
                return;
            }
            List<StatementLog.Entry> entries = log.entries();
            List<StatementLog.Entry> mine = entries.subList(Math.min(logMark, entries.size()), entries.size());
            List<String> statements = new ArrayList<>(own.subList(Math.min(ownMark, own.size()), own.size()));
            for (StatementLog.Entry e : mine) {
                statements.add(e.query() != null ? TIMELINE_SQL.renderInlined(e.query()) : oneLine(e.sql()));
            }
            List<Integer> claimRows = mine.stream().filter(e -> e.phase() == StatementLog.Phase.CLAIM).map(StatementLog.Entry::rows).toList();
            boolean firstClaimHere = !claimRows.isEmpty()
                    && entries.stream().filter(e -> e.phase() == StatementLog.Phase.CLAIM).count() == claimRows.size();
            String note = stepNote;
            if (note == null && statements.isEmpty() && stepSqlState == null) {
                note = failed ? "not run: the transaction has failed"
                        : claimDone && allowedPhase == Phase.CLAIM ? "not run: the claim has no statement left"
                        : claimDone && stepRows == null ? "not run: nothing left to write" : null;
            }
            step.complete(new Executed(statements, stepRows, claimRows, firstClaimHere, stepSqlState, stepError, note));
        }

        /** On the session's thread, before every statement of the strategy's claim and write. */
        private synchronized void switchPoint(StatementLog.Phase statementPhase) {
            Phase p = statementPhase == StatementLog.Phase.WRITE ? Phase.WRITE : Phase.CLAIM;
            while (true) {
                if (ending != null) {
                    throw new Stop();
                }
                if (p.ordinal() < allowedPhase.ordinal()) {
                    return;
                }
                if (p == allowedPhase && allowedCount != 0) {
                    if (allowedCount > 0) {
                        allowedCount--;
                    }
                    return;
                }
                finishStep();
                waitQuietly();
            }
        }

        private synchronized void awaitEnd() {
            while (ending == null) {
                finishStep();
                waitQuietly();
            }
        }

        private void waitQuietly() {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ending = Action.ROLLBACK; // the runner is closing
            }
        }

        /** The transaction, on the session's thread. The harness, not the strategy, begins and ends it. */
        private void program(ClaimStrategy<?> strategy) {
            try {
                sql("BEGIN ISOLATION LEVEL " + strategy.isolation().sql());
                List<? extends Record> rows;
                log.phase(StatementLog.Phase.CLAIM);
                rows = claim(strategy, dsl);
                synchronized (this) {
                    stepRows = rows;
                    claimDone = true;
                }
                if (!rows.isEmpty()) {
                    log.phase(StatementLog.Phase.WRITE);
                    write(strategy, dsl, rows);
                }
            } catch (RuntimeException | SQLException e) {
                if (!stopped(e)) {
                    Failures.Failure f = Failures.of(e);
                    synchronized (this) {
                        failed = true;
                        stepSqlState = f.sqlState();
                        stepError = f.message();
                    }
                } else {
                    synchronized (this) {
                        stepNote = claimDone ? "the write was not finished: the transaction ends here"
                                : "the claim was not finished: the transaction ends here";
                    }
                }
            }
            awaitEnd();
            try {
                boolean rollback;
                synchronized (this) {
                    rollback = ending == Action.ROLLBACK;
                    if (!rollback && failed) {
                        stepNote = "the transaction had failed: COMMIT ends it with a rollback";
                    }
                }
                sql(rollback ? "ROLLBACK" : "COMMIT");
            } catch (SQLException | RuntimeException e) {
                Failures.Failure f = Failures.of(e);
                synchronized (this) {
                    failed = true;
                    stepSqlState = f.sqlState();
                    stepError = f.message();
                }
            } finally {
                synchronized (this) {
                    programDone = true;
                    finishStep();
                }
            }
        }

        private static boolean stopped(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Stop) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a transaction's program is still running (not yet committed or rolled back). */
        synchronized boolean inTransaction() {
            return !programDone;
        }

        void sql(String text) throws SQLException {
            synchronized (this) {
                own.add(text);
            }
            try (Statement s = connection.createStatement()) {
                s.execute(text);
            }
        }

        TransactionState transactionState() throws SQLException {
            return connection.unwrap(BaseConnection.class).getTransactionState();
        }

        void close() {
            synchronized (this) {
                ending = Action.ROLLBACK;
                notifyAll();
            }
            thread.shutdownNow();
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the server drops a closed client's session
            }
        }
    }

    /**
     * What a step did, on its session's thread.
     *
     * @param rows            the claim's rows (key first) when the claim finished in this step; {@code null} otherwise
     * @param claimRows       the rows each claim statement run in this step returned
     * @param firstClaimHere  whether the transaction's first claim statement ran in this step
     */
    private record Executed(List<String> statements, List<? extends Record> rows, List<Integer> claimRows, boolean firstClaimHere,
                            String sqlState, String error, String note) {
    }

    /** A step of the schedule as it runs. */
    private static final class Running {
        final int index;
        final Step step;
        final Set<String> waitedFor = new LinkedHashSet<>();
        CompletableFuture<Executed> future;
        Executed executed;
        List<String> claimableAfter;
        boolean deferred;
        int started;
        /** The run's release count when the server last said this step was blocked; -1 when it has not. */
        int blockedAt = -1;

        Running(int index, Step step) {
            this.index = index;
            this.step = step;
        }
    }

    /** A transaction as it runs. */
    private static final class Txn {
        final String session;
        final List<Record> claimed = new ArrayList<>();
        TransactionRecord.End end;
        String sqlState;
        String failedAt;

        Txn(String session) {
            this.session = session;
        }
    }

    /** One play of a schedule: the scheduler's state. */
    private final class Run {
        final ClaimStrategy<?> strategy;
        final Schedule schedule;
        final List<Running> steps = new ArrayList<>();
        final List<TimelineEntry> timeline = new ArrayList<>();
        final Map<Integer, Running> inFlight = new LinkedHashMap<>();
        final Deque<Running> deferred = new ArrayDeque<>();
        final List<Txn> txns = new ArrayList<>();
        final Map<Integer, Txn> open = new HashMap<>();
        long deadline;
        int gatesHeld;
        int startedSteps;
        /**
         * Transactions ended, steps failed and gates opened so far: only these release what a blocked step waits for
         * (row locks are held to the end of a transaction; an error ends it on the server at once), so a step found
         * blocked stays blocked until this changes, and the server need not be asked again.
         */
        int releases;

        Run(ClaimStrategy<?> strategy, Schedule schedule) {
            this.strategy = strategy;
            this.schedule = schedule;
            for (int i = 0; i < schedule.steps().size(); i++) {
                steps.add(new Running(i, schedule.steps().get(i)));
            }
        }

        void play() throws SQLException, InterruptedException {
            for (Running r : steps) {
                runDeferred();
                if (r.step.action() == Action.RESUME) {
                    resume(r); // the scheduler's own step: never waits for the session
                } else if (inFlight.containsKey(r.step.session()) || deferred.stream().anyMatch(d -> d.step.session() == r.step.session())) {
                    r.deferred = true; // its session still waits in an earlier step
                    deferred.add(r);
                    continue;
                } else {
                    start(r);
                }
                settle();
            }
            finish();
        }

        /** Starts a step and returns once it has completed or the server says it is blocked. */
        void start(Running r) throws SQLException, InterruptedException {
            Session s = sessions.get(r.step.session() - 1);
            if (r.step.action() == Action.BEGIN) {
                Txn t = new Txn(s.name);
                txns.add(t);
                open.put(r.step.session(), t);
            }
            if (r.step.pause()) {
                gate(s, true);
                gatesHeld++;
            }
            r.started = ++startedSteps;
            int count = r.step.statement() > 0 ? 1 : -1;
            r.future = switch (r.step.action()) {
                case BEGIN -> s.begin(strategy);
                case CLAIM -> s.allow(Phase.CLAIM, count);
                case WRITE -> s.allow(Phase.WRITE, count);
                case COMMIT, ROLLBACK -> s.end(r.step.action());
                case RESUME -> throw new IllegalStateException("resume is the scheduler's step");
            };
            inFlight.put(r.step.session(), r);
            deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
            if (doneOrBlocked(r, false)) {
                complete(r, TimelineEntry.Kind.RAN);
            } else {
                timeline.add(new TimelineEntry(r.index, TimelineEntry.Kind.WAITING));
            }
        }

        void resume(Running r) throws SQLException {
            Session s = sessions.get(r.step.session() - 1);
            gate(s, false);
            gatesHeld--;
            releases++;
            r.executed = new Executed(List.of(), null, List.of(), false, null, null, "the scheduler releases " + s.name + "'s gate");
            timeline.add(new TimelineEntry(r.index, TimelineEntry.Kind.RAN));
        }

        /**
         * Polls until the step completed (true) or the server reports it blocked by one of our sessions or the gate
         * (false). A fresh step is given a moment first (most are done by then); a step known to be waiting is asked
         * about at once.
         */
        boolean doneOrBlocked(Running r, boolean askFirst) throws SQLException, InterruptedException {
            Session s = sessions.get(r.step.session() - 1);
            if (askFirst && r.blockedAt == releases && !r.future.isDone()) {
                return false; // nothing was released since the server said it is blocked
            }
            long wait = askFirst ? 0 : FIRST_POLL_MICROS;
            while (true) {
                try {
                    // A poll interval, not the signal: the signal is the server's answer below.
                    r.future.get(wait, TimeUnit.MICROSECONDS);
                    return true;
                } catch (TimeoutException stillRunning) {
                    // ask the server
                } catch (ExecutionException e) {
                    throw new IllegalStateException(r.step.name() + " failed in the kit: " + e.getCause(), e.getCause());
                }
                // Completion wakes the wait at once; the interval only bounds how soon a block is seen. Backing off keeps
                // a slow step (a loaded machine) from turning the scheduler into a query loop that slows it further.
                wait = wait < POLL_MICROS ? POLL_MICROS : Math.min(wait * 2, MAX_POLL_MICROS);
                List<String> by = blockers(s.pid);
                if (!by.isEmpty()) {
                    r.waitedFor.addAll(by);
                    r.blockedAt = releases;
                    return false;
                }
                if (r.future.isDone()) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(schedule.name() + ": " + r.step.name() + " neither completed nor blocked within "
                            + STEP_DEADLINE.toSeconds() + " s");
                }
            }
        }

        Executed result(Running r) throws InterruptedException {
            try {
                return r.future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(r.step.name() + " failed in the kit: " + e.getCause(), e.getCause());
            }
        }

        void complete(Running r, TimelineEntry.Kind kind) throws InterruptedException {
            r.executed = result(r);
            inFlight.remove(r.step.session());
            if (r.executed.sqlState() != null || r.step.action() == Action.COMMIT || r.step.action() == Action.ROLLBACK) {
                releases++;
            }
            timeline.add(new TimelineEntry(r.index, kind));
            if (r.executed.firstClaimHere() && r.executed.claimRows().get(0) == 0) {
                // The claim statement found nothing: what claimable.sql lists now tells an empty queue from a miss.
                r.claimableAfter = model.claimable(controlDsl);
            }
            Txn t = open.get(r.step.session());
            if (t == null) {
                return;
            }
            if (r.executed.rows() != null) {
                t.claimed.addAll(r.executed.rows());
            }
            if (r.executed.sqlState() != null && t.sqlState == null) {
                t.sqlState = r.executed.sqlState();
                t.failedAt = r.step.name();
            }
            if (r.step.action() == Action.COMMIT || r.step.action() == Action.ROLLBACK) {
                t.end = t.sqlState != null ? TransactionRecord.End.FAILED
                        : r.step.action() == Action.COMMIT ? TransactionRecord.End.COMMITTED : TransactionRecord.End.ROLLED_BACK;
                open.remove(r.step.session());
            }
        }

        /**
         * Lets every waiting step that can go on complete, until each remaining one is blocked again. Steps found
         * complete in the same pass are listed failures first (a failed step's rollback is what released the others,
         * e.g. a deadlock victim's), then in the order they started, so the timeline does not depend on timing.
         */
        void settle() throws SQLException, InterruptedException {
            while (!inFlight.isEmpty()) {
                deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
                List<Running> done = new ArrayList<>();
                for (Running r : List.copyOf(inFlight.values())) {
                    if (doneOrBlocked(r, true)) {
                        done.add(r);
                    }
                }
                if (done.isEmpty()) {
                    return;
                }
                // A step that went on was released by another session's end. When that end is a failure (a deadlock
                // victim's), the victim is in flight too and may have been taken as still blocked above: ask the
                // server about every other step now, so both are listed in this pass whatever the timing.
                for (Running r : List.copyOf(inFlight.values())) {
                    if (!done.contains(r)) {
                        r.blockedAt = -1;
                        if (doneOrBlocked(r, true)) {
                            done.add(r);
                        }
                    }
                }
                for (Running r : done) {
                    r.executed = result(r);
                }
                done.sort(Comparator.comparing((Running r) -> r.executed.sqlState() == null).thenComparingInt(r -> r.started));
                for (Running r : done) {
                    complete(r, TimelineEntry.Kind.COMPLETED);
                }
            }
        }

        /** Deferred steps run, in order, as soon as their session is free. */
        void runDeferred() throws SQLException, InterruptedException {
            Running next;
            do {
                // The first deferred step whose session is free and has no earlier deferred step.
                Set<Integer> seen = new HashSet<>();
                next = null;
                for (Running r : deferred) {
                    if (seen.add(r.step.session()) && !inFlight.containsKey(r.step.session())) {
                        next = r;
                        break;
                    }
                }
                if (next != null) {
                    deferred.remove(next);
                    start(next);
                    settle();
                }
            } while (next != null);
        }

        /**
         * After the last step: lets what is still blocked finish. Every session ends its transaction and every pause
         * is resumed (the schedule checks both), so a wait here ends when another session's step goes on, or, for
         * sessions blocked on each other, when the deadlock detector aborts one of them.
         */
        void finish() throws SQLException, InterruptedException {
            long finishDeadline = System.nanoTime() + STEP_DEADLINE.toNanos();
            while (!inFlight.isEmpty() || !deferred.isEmpty()) {
                runDeferred();
                settle();
                if (inFlight.isEmpty()) {
                    continue;
                }
                try {
                    inFlight.values().iterator().next().future.get(1, TimeUnit.MILLISECONDS); // a poll interval
                } catch (TimeoutException | ExecutionException notYet) {
                    // settle() reads it
                }
                if (System.nanoTime() > finishDeadline) {
                    throw new IllegalStateException(schedule.name() + ": steps still blocked after " + STEP_DEADLINE.toSeconds() + " s: "
                            + inFlight.values().stream().map(r -> r.step.name()).collect(Collectors.joining(", ")));
                }
            }
        }

        /** Leaves the sessions idle and the gates open for the next run, whatever happened. */
        void cleanUp() {
            for (Running r : inFlight.values()) {
                try (Statement st = control.createStatement()) {
                    st.execute("SELECT pg_cancel_backend(" + sessions.get(r.step.session() - 1).pid + ")");
                    r.future.get(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception ignored) {
                    // the rollback below, or closing the runner, ends it
                }
            }
            if (gatesHeld > 0) {
                try (Statement st = control.createStatement()) {
                    st.execute("SELECT pg_advisory_unlock_all()");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not release the gates: " + e.getMessage(), e);
                }
            }
            for (int i = 0; i < schedule.sessions(); i++) {
                Session s = sessions.get(i);
                if (s.inTransaction()) {
                    // A program the schedule did not end (a failed run): stop it at its next switch point and roll back.
                    try {
                        s.end(Action.ROLLBACK).get(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not end " + s.name + "'s transaction: " + e, e);
                    }
                }
                // Its thread is idle now (its program has ended), so the scheduler may use the connection.
                try {
                    if (s.transactionState() != TransactionState.IDLE) {
                        try (Statement st = s.connection.createStatement()) {
                            st.execute("ROLLBACK");
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("could not reset session " + s.name + ": " + e.getMessage(), e);
                }
            }
        }

        List<StepRecord> records() {
            List<StepRecord> records = new ArrayList<>();
            for (Running r : steps) {
                Executed e = r.executed != null ? r.executed : new Executed(List.of(), null, List.of(), false, null, null, "not run");
                List<String> notes = new ArrayList<>();
                if (e.note() != null) {
                    notes.add(e.note());
                }
                if (r.step.pause() && !r.waitedFor.contains("gate") && e.sqlState() == null) {
                    notes.add("did not stop at the gate: it read no row before it completed");
                }
                List<String> keys = e.rows() == null ? null : model.keys(e.rows());
                StepRecord.ResultRows result = e.rows() == null ? null : StepRecord.ResultRows.of(e.rows(), List.of());
                records.add(new StepRecord(r.step, e.statements(), keys, result, e.claimRows(), r.claimableAfter, e.sqlState(), e.error(),
                        List.copyOf(r.waitedFor), r.deferred, notes.isEmpty() ? null : String.join("; ", notes)));
            }
            return records;
        }

        List<TransactionRecord> transactions() {
            return txns.stream().map(t -> new TransactionRecord(t.session, model.keys(t.claimed),
                    // A transaction the schedule left open was rolled back by cleanUp().
                    t.end == null ? (t.sqlState != null ? TransactionRecord.End.FAILED : TransactionRecord.End.ROLLED_BACK) : t.end,
                    t.sqlState, t.failedAt)).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> List<? extends Record> claim(ClaimStrategy<R> strategy, DSLContext dsl) {
        return strategy.claim(dsl);
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> void write(ClaimStrategy<R> strategy, DSLContext dsl, List<? extends Record> rows) {
        strategy.write(dsl, (List<R>) rows);
    }

    /** A statement on one line, as a timeline prints it. */
    static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }
}

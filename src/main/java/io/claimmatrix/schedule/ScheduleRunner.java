package io.claimmatrix.schedule;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.ClaimSqlRenderer;
import io.claimmatrix.run.Failures;
import io.claimmatrix.run.Jooq;
import io.claimmatrix.run.SessionSettings;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static io.claimmatrix.claim.ClaimSql.A;
import static io.claimmatrix.claim.ClaimSql.INCR;
import static io.claimmatrix.claim.ClaimSql.INIT;
import static io.claimmatrix.claim.ClaimSql.eligible;
import static io.claimmatrix.claim.ClaimSql.incrementalJoin;
import static io.claimmatrix.claim.ClaimSql.initialJoin;
import static io.claimmatrix.schema.jooq.Tables.ACCOUNTS;
import static io.claimmatrix.schema.jooq.Tables.IMPORTS;

/**
 * Runs {@link Schedule}s against claim strategies, one step at a time, on real sessions of one PostgreSQL server.
 *
 * <p>How a claim is paused inside its statement: the run schema is created with the Liquibase context
 * {@value #CONTEXT}, which adds a row-level-security policy on {@code accounts} calling {@code claim_matrix_gate()}.
 * Each session sets {@code claim_matrix.gate} to its own advisory-lock key; the gate waits while the scheduler holds
 * that key. A paused claim has taken its snapshot (statement start) and waits at the first accounts row it reads,
 * so before it locks anything. The strategy's SQL is unchanged.
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

    /** The Liquibase context that adds the gate (see {@code db/changelog/interleavings-gate.yaml}). */
    public static final String CONTEXT = "interleavings";

    /** A step that neither completes nor blocks for this long is a bug in the kit, not a measurement. */
    static final Duration STEP_DEADLINE = SessionSettings.STATEMENT_TIMEOUT;
    /** How long to wait for a step before asking the server whether it is blocked, then between questions. */
    private static final long FIRST_POLL_MICROS = 1000, POLL_MICROS = 200;

    /** Renders the statements a timeline shows: one line, unquoted names, upper-case keywords. */
    static final DSLContext TIMELINE_SQL = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withRenderKeywordCase(RenderKeywordCase.UPPER)
            .withRenderFormatted(false));

    private final RunSchema schema;
    private final String role;
    private final Connection control;
    private final DSLContext controlDsl;
    private final int controlPid;
    private final long gateKeyBase;
    private final List<Session> sessions = new ArrayList<>();
    private final Map<Fixture, String> resetSql = new HashMap<>();
    private final Map<String, String> claimSqlCache = new HashMap<>();
    private boolean closed;

    private ScheduleRunner(RunSchema schema) throws SQLException {
        this.schema = schema;
        this.control = schema.connect();
        this.controlDsl = Jooq.dsl(control);
        this.gateKeyBase = new SecureRandom().nextLong() & 0x3fff_ffff_ffff_0000L;
        String created = null;
        try {
            this.controlPid = pid(control);
            created = sessionRole();
            // Statistics once, as a matrix round has them; the runs then reset rows without TRUNCATE or ANALYZE.
            Fixture.seed().withIncrementalRows().load(controlDsl);
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

    /** Creates a run schema with the gate on this server; {@link #close()} drops it (and the session role, if any). */
    public static ScheduleRunner open(DatabaseTarget target) throws SQLException {
        return open(target.jdbcUrl(), target.user(), target.password());
    }

    public static ScheduleRunner open(String jdbcUrl, String user, String password) throws SQLException {
        RunSchema schema = RunSchema.create(jdbcUrl, user, password, CONTEXT);
        try {
            return new ScheduleRunner(schema);
        } catch (SQLException | RuntimeException e) {
            schema.close();
            throw e;
        }
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
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema.name() + " TO " + name);
        } catch (SQLException | RuntimeException e) {
            dropRole(name);
            throw e;
        }
        return name;
    }

    /** Runs one schedule once: resets the fixture, plays the steps, judges the outcome. */
    public ScheduleResult run(ClaimStrategy strategy, Schedule schedule, Fixture fixture) throws SQLException, InterruptedException {
        ensureSessions(schedule.sessions());
        reset(fixture);
        List<String> eligibleAtStart = fixture.eligibleIds().stream().sorted().toList();
        Run run = new Run(strategy, schedule);
        try {
            run.play();
        } finally {
            run.cleanUp();
        }
        List<String> eligibleAtEnd = eligibleNow();
        String claimSql = claimSqlCache.computeIfAbsent(strategy.name(), n -> TIMELINE_SQL.renderInlined(strategy.claimQuery(TIMELINE_SQL)));
        return ScheduleResult.judge(schedule, strategy.name(), strategy.isolation().sql(), fixture.name(), claimSql,
                run.records(), run.timeline, run.transactions(), eligibleAtStart, eligibleAtEnd);
    }

    /**
     * The claim query's plan, {@code EXPLAIN (VERBOSE, COSTS OFF)}, with the fixture loaded; PostgreSQL's error
     * as one {@code ERROR:} line when it refuses the query. Planned on the login user's session, which bypasses
     * the gate when it is a superuser.
     */
    public List<String> plan(ClaimStrategy strategy, Fixture fixture) throws SQLException {
        reset(fixture);
        List<String> lines = new ArrayList<>();
        try (Statement s = control.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (VERBOSE, COSTS OFF)\n" + ClaimSqlRenderer.render(strategy))) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        } catch (SQLException e) {
            Failures.Failure f = Failures.of(e);
            lines.add("ERROR:  " + f.message() + " (SQLSTATE " + f.sqlState() + ")");
        }
        return lines;
    }

    private void ensureSessions(int count) throws SQLException {
        while (sessions.size() < count) {
            sessions.add(new Session(sessions.size() + 1));
        }
    }

    private void reset(Fixture fixture) throws SQLException {
        String sql = resetSql.computeIfAbsent(fixture, ScheduleRunner::resetSql);
        try (Statement s = control.createStatement()) {
            s.execute(sql);
        }
    }

    /** DELETE and INSERT in one round trip (one implicit transaction): cheaper than Fixture.load's TRUNCATE + ANALYZE. */
    private static String resetSql(Fixture fixture) {
        var accounts = TIMELINE_SQL.insertInto(ACCOUNTS, ACCOUNTS.ID, ACCOUNTS.LAST_UPDATED);
        var imports = TIMELINE_SQL.insertInto(IMPORTS, IMPORTS.ACCOUNT_ID, IMPORTS.KIND, IMPORTS.STATUS);
        for (var a : fixture.accounts()) {
            accounts = accounts.values(DSL.val(a.id()), DSL.field("now() - make_interval(mins => {0})",
                    ACCOUNTS.LAST_UPDATED.getDataType(), DSL.inline(a.minutesSinceUpdate())));
            imports = imports.values(a.id(), "initial", a.initial());
            if (a.incremental() != null) {
                imports = imports.values(a.id(), "incremental", a.incremental());
            }
        }
        List<Query> queries = List.of(TIMELINE_SQL.deleteFrom(IMPORTS), TIMELINE_SQL.deleteFrom(ACCOUNTS), accounts, imports);
        return queries.stream().map(TIMELINE_SQL::renderInlined).collect(Collectors.joining(";\n"));
    }

    private List<String> eligibleNow() {
        return controlDsl.select(A.ID).from(A)
                .join(INIT).on(initialJoin())
                .leftJoin(INCR).on(incrementalJoin())
                .where(eligible())
                .orderBy(A.ID)
                .fetch(A.ID);
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

    /** One server session, s1, s2, ...: its own connection and thread, so a step can block while others go on. */
    private final class Session {
        final int number;
        final String name;
        final Connection connection;
        final DSLContext dsl;
        final int pid;
        final long gateKey;
        final ExecutorService thread;
        /** What the current step sent; written on the session's thread, read after its Future completes. */
        final List<String> statements = new ArrayList<>();

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
            ExecuteListener capture = new ExecuteListener() {
                @Override
                public void executeStart(ExecuteContext ctx) {
                    statements.add(ctx.query() != null ? TIMELINE_SQL.renderInlined(ctx.query()) : ctx.sql());
                }
            };
            this.dsl = Jooq.dsl(connection).configuration().derive(new DefaultExecuteListenerProvider(capture)).dsl();
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "claim-matrix-schedule-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        void sql(String text) throws SQLException {
            statements.add(text);
            try (Statement s = connection.createStatement()) {
                s.execute(text);
            }
        }

        TransactionState transactionState() throws SQLException {
            return connection.unwrap(BaseConnection.class).getTransactionState();
        }

        void close() {
            thread.shutdownNow();
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the server drops a closed client's session
            }
        }
    }

    /** What a step did, computed on its session's thread. */
    private record Executed(List<String> statements, List<ClaimedAccount> rows, String sqlState, String error, String note) {
    }

    /** A step of the schedule as it runs. */
    private static final class Running {
        final int index;
        final Step step;
        final Set<String> waitedFor = new LinkedHashSet<>();
        Future<Executed> future;
        Executed executed;
        boolean deferred;
        int started;

        Running(int index, Step step) {
            this.index = index;
            this.step = step;
        }
    }

    /** A transaction as it runs. */
    private static final class Txn {
        final String session;
        final List<ClaimedAccount> claimed = new ArrayList<>();
        TransactionRecord.End end;
        String sqlState;
        String failedAt;

        Txn(String session) {
            this.session = session;
        }
    }

    /** One play of a schedule: the scheduler's state. */
    private final class Run {
        final ClaimStrategy strategy;
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

        Run(ClaimStrategy strategy, Schedule schedule) {
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
            Txn txn = open.get(r.step.session());
            List<ClaimedAccount> toWrite = txn == null ? List.of() : List.copyOf(txn.claimed);
            r.started = ++startedSteps;
            r.future = s.thread.submit(() -> execute(s, r.step, toWrite));
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
            r.executed = new Executed(List.of(), null, null, null, "the scheduler releases " + s.name + "'s gate");
            timeline.add(new TimelineEntry(r.index, TimelineEntry.Kind.RAN));
        }

        /** Runs on the session's thread. The harness, not the strategy, begins and ends transactions. */
        Executed execute(Session s, Step step, List<ClaimedAccount> toWrite) {
            s.statements.clear();
            List<ClaimedAccount> rows = null;
            String note = null;
            try {
                switch (step.action()) {
                    case BEGIN -> s.sql("BEGIN ISOLATION LEVEL " + strategy.isolation().sql());
                    case CLAIM -> rows = strategy.claim(s.dsl);
                    case WRITE -> {
                        if (s.transactionState() == TransactionState.FAILED) {
                            note = "not run: the transaction has failed";
                        } else if (toWrite.isEmpty()) {
                            note = "not run: nothing claimed";
                        } else {
                            strategy.write(s.dsl, toWrite);
                        }
                    }
                    case COMMIT -> {
                        if (s.transactionState() == TransactionState.FAILED) {
                            note = "the transaction had failed: COMMIT ends it with a rollback";
                        }
                        s.sql("COMMIT");
                    }
                    case ROLLBACK -> s.sql("ROLLBACK");
                    case RESUME -> throw new IllegalStateException("resume is the scheduler's step");
                }
                return new Executed(List.copyOf(s.statements), rows, null, null, note);
            } catch (RuntimeException | SQLException e) {
                Failures.Failure f = Failures.of(e);
                return new Executed(List.copyOf(s.statements), rows, f.sqlState(), f.message(), note);
            }
        }

        /**
         * Polls until the step completed (true) or the server reports it blocked by one of our sessions or the gate
         * (false). A fresh step is given a moment first (most are done by then); a step known to be waiting is asked
         * about at once.
         */
        boolean doneOrBlocked(Running r, boolean askFirst) throws SQLException, InterruptedException {
            Session s = sessions.get(r.step.session() - 1);
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
                wait = POLL_MICROS;
                List<String> by = blockers(s.pid);
                if (!by.isEmpty()) {
                    r.waitedFor.addAll(by);
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
            timeline.add(new TimelineEntry(r.index, kind));
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
                // Its thread is idle now (every step's Future has completed), so the scheduler may use the connection.
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
                Executed e = r.executed != null ? r.executed : new Executed(List.of(), null, null, null, "not run");
                List<String> notes = new ArrayList<>();
                if (e.note() != null) {
                    notes.add(e.note());
                }
                if (r.step.pause() && !r.waitedFor.contains("gate") && e.sqlState() == null) {
                    notes.add("did not stop at the gate: it read no accounts row before it completed");
                }
                records.add(new StepRecord(r.step, e.statements(), e.rows(), e.sqlState(), e.error(), List.copyOf(r.waitedFor),
                        r.deferred, notes.isEmpty() ? null : String.join("; ", notes)));
            }
            return records;
        }

        List<TransactionRecord> transactions() {
            return txns.stream().map(t -> new TransactionRecord(t.session, t.claimed.stream().map(ClaimedAccount::id).toList(),
                    // A transaction the schedule left open was rolled back by cleanUp().
                    t.end == null ? (t.sqlState != null ? TransactionRecord.End.FAILED : TransactionRecord.End.ROLLED_BACK) : t.end,
                    t.sqlState, t.failedAt)).toList();
        }
    }
}

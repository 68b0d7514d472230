package io.claimmatrix.run;

import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.jooq.impl.DefaultExecuteListenerProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements one session sent during one claim transaction, each with the rows it returned (or changed), and
 * whether it was part of the claim or of the write. The harness attaches one to every session's {@link DSLContext}:
 * statements run through jOOQ are recorded by a listener; a strategy that runs SQL through JDBC itself records them
 * with {@link #record(DSLContext, String, int)}. From it the harness knows how many rows each claim statement returned
 * ({@code OVERCLAIM}) and whether the first one found nothing (a silent miss); the schedule runner prints it.
 *
 * <p>Not thread-safe: one session, one thread at a time.
 */
public final class StatementLog {

    /** Which part of the transaction a statement belongs to. */
    public enum Phase { CLAIM, WRITE, OTHER }

    /**
     * One statement.
     *
     * @param query the jOOQ query, or {@code null} for SQL a strategy sent through JDBC
     * @param sql   the SQL as sent (bind markers, not values)
     * @param rows  rows returned (a query, or DML with RETURNING), else rows changed; -1 when unknown
     */
    public record Entry(Phase phase, Query query, String sql, int rows) {
    }

    static final String KEY = StatementLog.class.getName();

    private final List<Entry> entries = new ArrayList<>();
    private Phase phase = Phase.OTHER;
    /** Called before each statement, with its phase: where a schedule holds a session between statements. */
    private java.util.function.Consumer<Phase> beforeStatement = p -> { };
    // The statement running now, filled in as jOOQ reports on it.
    private Query currentQuery;
    private String currentSql;
    private int currentRows;
    private boolean currentFetched;
    /** Whether jOOQ is executing a statement now: {@code DSLContext.fetch(ResultSet)} reports records without one. */
    private boolean executing;

    /** {@code dsl} with this log attached: every statement it runs is recorded. */
    public DSLContext attach(DSLContext dsl) {
        var configuration = dsl.configuration().derive(new DefaultExecuteListenerProvider(new Listener()));
        configuration.data(KEY, this);
        return configuration.dsl();
    }

    /**
     * Sets what runs on the session's thread before each statement (the schedule runner's switch point between
     * statements); it may block, or throw to stop the transaction's program.
     */
    public void beforeStatement(java.util.function.Consumer<Phase> hook) {
        this.beforeStatement = hook;
    }

    /**
     * To be called by a strategy that runs SQL through JDBC itself, before each statement, as jOOQ's listener does for
     * jOOQ statements. Does nothing when no log is attached.
     */
    public static void before(DSLContext dsl) {
        StatementLog log = of(dsl);
        if (log != null) {
            log.beforeStatement.accept(log.phase);
        }
    }

    /** The log attached to {@code dsl}, or {@code null}. */
    public static StatementLog of(DSLContext dsl) {
        return (StatementLog) dsl.configuration().data(KEY);
    }

    /**
     * Records a statement that a strategy ran itself (through JDBC), so the harness counts its rows like those of jOOQ
     * statements. Does nothing when no log is attached.
     *
     * @param rows the rows it returned
     */
    public static void record(DSLContext dsl, String sql, int rows) {
        StatementLog log = of(dsl);
        if (log != null) {
            log.entries.add(new Entry(log.phase, null, sql, rows));
        }
    }

    /** Starts a new transaction's record. */
    public void clear() {
        entries.clear();
        phase = Phase.OTHER;
    }

    /** What the statements from now on belong to. */
    public void phase(Phase phase) {
        this.phase = phase;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The rows each claim statement returned, in order. */
    public List<Integer> claimRows() {
        return entries.stream().filter(e -> e.phase() == Phase.CLAIM).map(Entry::rows).toList();
    }

    private final class Listener implements ExecuteListener {
        @Override
        public void executeStart(ExecuteContext ctx) {
            beforeStatement.accept(phase);
            executing = true;
            currentQuery = ctx.query();
            currentSql = ctx.sql();
            currentRows = 0;
            currentFetched = false;
        }

        @Override
        public void recordEnd(ExecuteContext ctx) {
            currentRows++;
            currentFetched = true;
        }

        @Override
        public void fetchEnd(ExecuteContext ctx) {
            currentFetched = true;
        }

        @Override
        public void end(ExecuteContext ctx) {
            if (!executing) {
                return; // records of a ResultSet a strategy fetched itself: it records its statement with record()
            }
            executing = false;
            int rows = currentFetched ? currentRows : ctx.rows();
            entries.add(new Entry(phase, currentQuery, currentSql != null ? currentSql : ctx.sql(), rows));
            currentQuery = null;
            currentSql = null;
        }

        @Override
        public void exception(ExecuteContext ctx) {
            // end() still follows and records the statement; the failure itself reaches the harness as an exception.
        }
    }
}

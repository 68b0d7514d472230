package io.claimmatrix.schedule;

import java.util.List;

/**
 * What one step did, as the server saw it.
 *
 * @param statements the SQL it sent, inlined, in order (empty when it sent nothing, see {@code note})
 * @param rows       for a claim, the keys it returned (possibly none); {@code null} for other steps
 * @param result     for a claim, the rows it returned as psql shows them (column names, values as text); {@code null} otherwise
 * @param claimRows  the rows each claim statement this step ran returned (the batch check); empty for other steps
 * @param claimableAfter when the transaction's first claim statement found nothing in this step: the keys claimable.sql
 *                   listed right after (an empty queue, or a miss); {@code null} otherwise
 * @param sqlState   the SQLSTATE it failed with, or {@code null}
 * @param error      PostgreSQL's message for that failure, or {@code null}
 * @param waitedFor  what it waited for before completing, from {@code pg_blocking_pids}: session names
 *                   ({@code s1}) or {@code gate} (the scheduler's advisory lock); empty when it never blocked
 * @param deferred   true when its session was still waiting in an earlier step when its turn came, so it ran
 *                   as soon as that step completed
 * @param note       what the timeline should add, e.g. why a step sent nothing; may be {@code null}
 */
public record StepRecord(Step step, List<String> statements, List<String> rows, ResultRows result, List<Integer> claimRows,
                         List<String> claimableAfter, String sqlState, String error,
                         List<String> waitedFor, boolean deferred, String note) {

    /** A result set as text: its column names and each row's values ({@code t}/{@code f} for booleans, as psql prints them). */
    public record ResultRows(List<String> columns, List<List<String>> rows) {
        public ResultRows {
            columns = List.copyOf(columns);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
        }

        /** jOOQ records as psql would print them. */
        public static ResultRows of(List<? extends org.jooq.Record> records, List<String> columnsIfEmpty) {
            // A jOOQ Result knows its columns with no row in it: an empty claim is headed by its own column names.
            List<String> columns = records instanceof org.jooq.Result<?> result && result.fields().length > 0
                    ? java.util.Arrays.stream(result.fields()).map(org.jooq.Field::getName).toList()
                    : records.isEmpty() ? columnsIfEmpty
                    : java.util.Arrays.stream(records.get(0).fields()).map(org.jooq.Field::getName).toList();
            List<List<String>> rows = new java.util.ArrayList<>();
            for (org.jooq.Record r : records) {
                List<String> values = new java.util.ArrayList<>();
                for (int i = 0; i < r.size(); i++) {
                    Object v = r.get(i);
                    values.add(v == null ? "" : v instanceof Boolean b ? (b ? "t" : "f") : String.valueOf(v));
                }
                rows.add(values);
            }
            return new ResultRows(columns, rows);
        }
    }

    public StepRecord {
        statements = List.copyOf(statements);
        rows = rows == null ? null : List.copyOf(rows);
        claimRows = claimRows == null ? List.of() : List.copyOf(claimRows);
        claimableAfter = claimableAfter == null ? null : List.copyOf(claimableAfter);
        waitedFor = List.copyOf(waitedFor);
    }

    public String name() {
        return step.name();
    }

    public String session() {
        return step.sessionName();
    }

    public boolean waited() {
        return !waitedFor.isEmpty();
    }

    public boolean failed() {
        return sqlState != null;
    }

    /** The claimed keys, or an empty list for a step that is not a claim. */
    public List<String> keys() {
        return rows == null ? List.of() : rows;
    }
}

package io.claimmatrix.schedule;

import io.claimmatrix.claim.ClaimedAccount;

import java.util.List;

/**
 * What one step did, as the server saw it.
 *
 * @param statements the SQL it sent, inlined, in order (empty when it sent nothing, see {@code note})
 * @param rows       for a claim, the accounts it returned (possibly none); {@code null} for other steps
 * @param sqlState   the SQLSTATE it failed with, or {@code null}
 * @param error      PostgreSQL's message for that failure, or {@code null}
 * @param waitedFor  what it waited for before completing, from {@code pg_blocking_pids}: session names
 *                   ({@code s1}) or {@code gate} (the scheduler's advisory lock); empty when it never blocked
 * @param deferred   true when its session was still waiting in an earlier step when its turn came, so it ran
 *                   as soon as that step completed
 * @param note       what the timeline should add, e.g. why a step sent nothing; may be {@code null}
 */
public record StepRecord(Step step, List<String> statements, List<ClaimedAccount> rows, String sqlState, String error,
                         List<String> waitedFor, boolean deferred, String note) {

    public StepRecord {
        statements = List.copyOf(statements);
        rows = rows == null ? null : List.copyOf(rows);
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

    /** The claimed account ids, or an empty list for a step that is not a claim. */
    public List<String> accountIds() {
        return rows == null ? List.of() : rows.stream().map(ClaimedAccount::id).toList();
    }
}

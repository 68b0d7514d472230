package io.claimmatrix.run;

import org.postgresql.util.PSQLException;

import java.sql.SQLException;

/** Turns what a JDBC or jOOQ exception says into a SQLSTATE and PostgreSQL's own one-line message. */
public final class Failures {

    public record Failure(String sqlState, String message) {
    }

    private Failures() {
    }

    public static Failure of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return new Failure(p.getSQLState(), p.getServerErrorMessage().getMessage());
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return new Failure(s.getSQLState(), firstLine(s.getMessage()));
            }
        }
        return new Failure("XX000", firstLine(String.valueOf(e.getMessage())));
    }

    /**
     * Whether PostgreSQL refused the statement itself rather than this execution of it: syntax or access
     * rule violations (class 42) and features not supported (0A000, e.g. FOR UPDATE on an outer join's nullable side).
     */
    public static boolean isRejection(String sqlState) {
        return sqlState != null && (sqlState.startsWith("42") || sqlState.startsWith("0A"));
    }

    /** The conventional name of the SQLSTATEs a claim meets. */
    public static String describe(String sqlState) {
        return switch (sqlState) {
            case "40001" -> "serialization_failure";
            case "40P01" -> "deadlock_detected";
            case "23505" -> "unique_violation";
            case "55P03" -> "lock_not_available";
            case "57014" -> "query_canceled";
            case "25P03" -> "idle_in_transaction_session_timeout";
            case "0A000" -> "feature_not_supported";
            default -> sqlState.startsWith("42") ? "syntax_error_or_access_rule_violation" : "other";
        };
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

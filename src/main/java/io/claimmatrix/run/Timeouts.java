package io.claimmatrix.run;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every time limit of a run, so that no variant and no server can hang it.
 *
 * @param statement         {@code statement_timeout} of every worker session: a claim or write running longer aborts (57014)
 * @param lock              {@code lock_timeout}: a statement waiting longer for a lock aborts (55P03), e.g. a FOR UPDATE pile-up
 * @param idleInTransaction {@code idle_in_transaction_session_timeout}: a session left idle inside a transaction
 *                          (a stalled worker holding locks) is ended (25P03)
 * @param connect           how long a connection attempt may take before the server counts as not answering
 * @param variant           how long one variant may run, all rounds together, before it is stopped as {@link Verdict#TIMEOUT}
 * @param run               how long the whole run may take; variants not finished by then are {@link Verdict#TIMEOUT}
 */
public record Timeouts(Duration statement, Duration lock, Duration idleInTransaction, Duration connect,
                       Duration variant, Duration run) {

    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofHours(2));

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)?");

    public Timeouts {
        positive("statement timeout", statement);
        positive("lock timeout", lock);
        positive("idle-in-transaction timeout", idleInTransaction);
        positive("connect timeout", connect);
        positive("variant deadline", variant);
        positive("run deadline", run);
    }

    public Timeouts withStatement(Duration d) {
        return new Timeouts(d, lock, idleInTransaction, connect, variant, run);
    }

    public Timeouts withLock(Duration d) {
        return new Timeouts(statement, d, idleInTransaction, connect, variant, run);
    }

    public Timeouts withIdleInTransaction(Duration d) {
        return new Timeouts(statement, lock, d, connect, variant, run);
    }

    public Timeouts withConnect(Duration d) {
        return new Timeouts(statement, lock, idleInTransaction, d, variant, run);
    }

    public Timeouts withVariant(Duration d) {
        return new Timeouts(statement, lock, idleInTransaction, connect, d, run);
    }

    public Timeouts withRun(Duration d) {
        return new Timeouts(statement, lock, idleInTransaction, connect, variant, d);
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}; a bare number is seconds. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 30s, 5m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** The shortest readable form: {@code 250ms}, {@code 30s}, {@code 5m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + (d == null ? "none" : format(d)));
        }
    }
}

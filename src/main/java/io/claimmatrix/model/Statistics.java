package io.claimmatrix.model;

import io.claimmatrix.BadInputException;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * What the planner knows about a queue model's tables when a round runs: a run condition, like the isolation level,
 * because some claims (a locking subquery with a LIMIT under a DML statement) over-claim only under one of them.
 */
public enum Statistics {
    /** Every round's fixture is loaded, then {@code ANALYZE}d: the planner knows the tables' real sizes (as after autovacuum). */
    FRESH("fresh", "analysed after the fixture is loaded"),
    /**
     * The tables are analysed near-empty (the fixture with one item), with autovacuum off, then emptied and loaded in
     * full without a new {@code ANALYZE}: the planner believes they are tiny, as after a bulk load into a table whose
     * statistics were taken while it was (nearly) empty.
     */
    STALE("stale", "analysed near-empty with autovacuum off, then loaded");

    public final String code;
    private final String meaning;

    Statistics(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** One phrase, e.g. "analysed near-empty with autovacuum off, then loaded". */
    public String meaning() {
        return meaning;
    }

    /**
     * {@code fresh}, {@code stale} or {@code both} (the default of every command).
     *
     * @throws BadInputException naming the accepted values
     */
    public static List<Statistics> parse(String text) {
        String t = text == null ? "both" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "both", "" -> List.of(FRESH, STALE);
            case "fresh" -> List.of(FRESH);
            case "stale" -> List.of(STALE);
            default -> throw new BadInputException("unknown --statistics '" + text + "' (fresh, stale or both)");
        };
    }

    /** {@code fresh}, {@code stale}, or {@code fresh, stale} for a result measured once for both. */
    public static String label(List<Statistics> conditions) {
        return String.join(", ", EnumSet.copyOf(conditions).stream().map(s -> s.code).toList());
    }

    /** The inverse of {@link #label}. */
    public static List<Statistics> fromLabel(String label) {
        return java.util.Arrays.stream(label.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> valueOf(s.toUpperCase(Locale.ROOT))).toList();
    }
}

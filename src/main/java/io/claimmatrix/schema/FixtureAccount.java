package io.claimmatrix.schema;

/**
 * One account of a fixture and its imports.
 *
 * @param minutesSinceUpdate how long ago {@code last_updated} is; more than {@link #STALE_AFTER_MINUTES} means stale
 * @param incremental        the incremental import's status, or {@code null} when the account has none yet
 */
public record FixtureAccount(String id, int minutesSinceUpdate, String initial, String incremental) {

    /** The claim's staleness threshold, {@code last_updated < now() - interval '10 minutes'}. */
    public static final int STALE_AFTER_MINUTES = 10;

    public FixtureAccount {
        // Keep clear of the threshold, so that a slow round cannot move an account across it.
        if (Math.abs(minutesSinceUpdate - STALE_AFTER_MINUTES) < 2) {
            throw new IllegalArgumentException(id + ": minutesSinceUpdate too close to the staleness threshold");
        }
    }

    /**
     * What the oracle holds every claim to: stale, initial import completed, incremental import completed or absent.
     * This is the model, independent of any strategy's SQL.
     */
    public boolean eligible() {
        return minutesSinceUpdate > STALE_AFTER_MINUTES
                && "completed".equals(initial)
                && (incremental == null || "completed".equals(incremental));
    }

    /** The same account with an incremental import created as {@code completed} if it had none (same eligibility). */
    public FixtureAccount withIncrementalRow() {
        return incremental != null ? this : new FixtureAccount(id, minutesSinceUpdate, initial, "completed");
    }

    /** The same account with its completed incremental import removed (same eligibility). */
    public FixtureAccount withoutCompletedIncrementalRow() {
        return "completed".equals(incremental) ? new FixtureAccount(id, minutesSinceUpdate, initial, null) : this;
    }
}

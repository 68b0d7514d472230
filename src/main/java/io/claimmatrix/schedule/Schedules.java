package io.claimmatrix.schedule;

import io.claimmatrix.BadInputException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The named schedules: the few interleavings that decide whether a claim is safe, each with its story, told of any
 * queue model's items ("the head item": the first one the claim takes).
 */
public final class Schedules {

    /**
     * The seed's race, on demand. s2's claim takes its snapshot and pauses at the gate before it reads a row. s1 claims
     * the head item, writes it and commits. s2 goes on with its old snapshot, in which the item is still eligible, and
     * reaches the row s1 claimed, now unlocked. If s1 only locked the rows s2 locks (never updated them), PostgreSQL
     * locks them without a re-check and s2 returns the item again: a committed duplicate. If s2 locks a row s1 updated, PostgreSQL re-checks its newest version (EvalPlanQual),
     * finds it no longer eligible and moves on; under REPEATABLE READ or SERIALIZABLE the stale snapshot ends in a
     * serialization failure (40001) or a unique violation (23505) instead.
     */
    public static final Schedule STALE_SNAPSHOT = Schedule.parse("stale-snapshot",
            "s2's claim takes its snapshot and pauses at the gate before it reads a row. s1 claims the head item, writes "
                    + "it and commits. s2 goes on with its old snapshot, in which the item is still eligible, and reaches the "
                    + "row s1 claimed, now unlocked. If s1 only locked "
                    + "the rows s2 locks (never updated them), PostgreSQL locks them without a re-check and s2 returns the "
                    + "item again: a committed duplicate. If s2 locks a row s1 updated, PostgreSQL re-checks its newest "
                    + "version (EvalPlanQual), finds it no longer eligible and moves on; under REPEATABLE READ or "
                    + "SERIALIZABLE the stale snapshot ends in a serialization failure (40001) or a unique violation (23505) "
                    + "instead.",
            "s1begin s2begin s2claim(pause) s1claim s1write s1commit s2resume s2write s2commit");

    /**
     * s1 claims the head item and keeps its transaction open, so its row locks are held while s2 claims. With SKIP
     * LOCKED, s2 must pass over the locked row and take the next item. A claim that waits blocks until s1 commits,
     * then gets the row s1 only locked and, unless it re-checks a row s1 updated, returns the same item. A claim that
     * locks nothing, or only FOR SHARE, hands the same item to both.
     */
    public static final Schedule LOCK_HELD = Schedule.parse("lock-held",
            "s1 claims the head item and keeps its transaction open, so its row locks are held while s2 claims. With "
                    + "SKIP LOCKED, s2 must pass over the locked row and take the next item. A claim that waits blocks until "
                    + "s1 commits, then gets the row s1 only locked and, unless it re-checks a row s1 updated, returns the "
                    + "same item. A claim that locks nothing, or only FOR SHARE, hands the same item to both.",
            "s1begin s1claim s2begin s2claim s1write s1commit s2write s2commit");

    /**
     * s1 claims the head item and writes it; s2's claim takes its snapshot and pauses while s1 still holds its locks.
     * s1 rolls back: its write is undone and its locks released. s2 goes on, finds the row unlocked and, in its
     * snapshot and in fact, still eligible, and claims it: a rolled-back claim hands the item to the next worker
     * instead of losing it.
     */
    public static final Schedule ROLLBACK = Schedule.parse("rollback",
            "s1 claims the head item and writes it; s2's claim takes its snapshot and pauses while s1 still holds its "
                    + "locks. s1 rolls back: its write is undone and its locks released. s2 goes on, finds the row unlocked "
                    + "and, in its snapshot and in fact, still eligible, and claims it: a rolled-back claim hands the item to "
                    + "the next worker instead of losing it.",
            "s1begin s1claim s1write s2begin s2claim(pause) s1rollback s2resume s2write s2commit");

    private static final List<Schedule> NAMED = List.of(STALE_SNAPSHOT, LOCK_HELD, ROLLBACK);

    private Schedules() {
    }

    public static List<Schedule> named() {
        return NAMED;
    }

    /** A named schedule, or a permutation ({@code [name:] s1begin s1claim ...}) parsed as a new one. */
    public static Schedule resolve(String nameOrPermutation, int index) {
        String text = nameOrPermutation.strip();
        for (Schedule s : NAMED) {
            if (s.name().equals(text)) {
                return s;
            }
        }
        if (!text.contains(" ") && !text.contains(",") && !text.contains(":")) {
            throw new BadInputException("no schedule named '" + text + "' (" + NAMED.stream().map(Schedule::name)
                    .collect(Collectors.joining(", ")) + ", or a permutation such as 's1begin s1claim s2begin s2claim ...')");
        }
        return Schedule.parse("custom-" + index, "", text);
    }
}

package io.claimmatrix.search;

import io.claimmatrix.run.Failures;
import io.claimmatrix.schedule.Action;
import io.claimmatrix.schedule.ScheduleResult;
import io.claimmatrix.schedule.StepRecord;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which invariants one played schedule breaks, each with its evidence in one phrase. */
public final class Violations {

    private Violations() {
    }

    /**
     * @param batch the most rows one claim statement may return, or {@code null} for unbounded
     * @return each broken invariant and why, in {@link Invariant} order
     */
    public static Map<Invariant, String> of(ScheduleResult r, Integer batch) {
        Map<String, String> groups = r.groups();
        Map<Invariant, String> out = new EnumMap<>(Invariant.class);
        Map<String, List<String>> committedBy = ScheduleResult.committedBy(r.transactions());
        List<String> duplicates = committedBy.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " claimed by " + String.join(" and ", e.getValue()) + ", all committed").toList();
        if (!duplicates.isEmpty()) {
            out.put(Invariant.DUPLICATES, String.join("; ", duplicates));
        }
        List<String> groupDuplicates = ScheduleResult.groupDuplicates(committedBy, groups);
        if (!groupDuplicates.isEmpty()) {
            out.put(Invariant.GROUP_DUPLICATES, String.join("; ", groupDuplicates));
        }
        List<String> overclaims = ScheduleResult.overclaims(r.steps(), batch);
        if (!overclaims.isEmpty()) {
            out.put(Invariant.OVERCLAIM, overclaims.get(0));
        }
        String miss = ScheduleResult.silentMiss(r.steps(), r.timeline(), groups);
        if (miss != null) {
            out.put(Invariant.MISS, miss);
        }
        Set<String> lost = ScheduleResult.lost(r.eligibleAtStart(), r.eligibleAtEnd(), committedBy, groups);
        if (!lost.isEmpty()) {
            out.put(Invariant.LOST, String.join(", ", lost) + ": neither claimed by a committed transaction nor claimable any more");
        }
        List<String> aborts = r.steps().stream().filter(StepRecord::failed)
                .filter(s -> !(s.step().action() == Action.CLAIM && Failures.isRejection(s.sqlState())))
                .map(s -> s.name() + " failed with " + s.sqlState() + " " + Failures.describe(s.sqlState())).toList();
        if (!aborts.isEmpty()) {
            out.put(Invariant.ABORTS, String.join("; ", aborts));
        }
        return out;
    }

    /** Whether PostgreSQL refused a claim statement in this run (then every interleaving is refused alike). */
    public static String rejection(ScheduleResult r) {
        return r.steps().stream().filter(s -> s.step().action() == Action.CLAIM && s.failed() && Failures.isRejection(s.sqlState()))
                .map(s -> s.sqlState() + ": " + s.error()).findFirst().orElse(null);
    }
}

package io.claimmatrix.search;

import io.claimmatrix.run.Failures;
import io.claimmatrix.schedule.Action;
import io.claimmatrix.schedule.ScheduleResult;
import io.claimmatrix.schedule.StepRecord;
import io.claimmatrix.schedule.TimelineEntry;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
        String miss = miss(r, groups);
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

    /**
     * A claim whose first statement found nothing while claimable.sql, right after, listed an item no other open
     * transaction held (with groups: no item of its group). Judged only when no other session had a statement running or
     * blocked at that moment (what a statement in flight has locked is not known).
     */
    static String miss(ScheduleResult r, Map<String, String> groups) {
        Map<String, Set<String>> held = new HashMap<>();
        Set<String> open = new HashSet<>();
        Set<String> unfinishedClaim = new HashSet<>();
        Map<Integer, Integer> inFlight = new HashMap<>(); // step index -> session, for steps waiting
        for (TimelineEntry e : r.timeline()) {
            StepRecord s = r.steps().get(e.step());
            String session = s.session();
            if (e.kind() == TimelineEntry.Kind.WAITING) {
                inFlight.put(e.step(), s.step().session());
                continue;
            }
            inFlight.remove(e.step());
            switch (s.step().action()) {
                case BEGIN -> open.add(session);
                case COMMIT, ROLLBACK -> {
                    open.remove(session);
                    held.remove(session);
                    unfinishedClaim.remove(session);
                }
                case CLAIM -> {
                    if (s.rows() != null) {
                        held.computeIfAbsent(session, x -> new LinkedHashSet<>()).addAll(s.rows());
                        unfinishedClaim.remove(session);
                    } else if (!s.claimRows().isEmpty()) {
                        unfinishedClaim.add(session);
                    }
                    if (s.claimableAfter() != null && !s.claimableAfter().isEmpty()) {
                        boolean othersInFlight = inFlight.values().stream().anyMatch(v -> v != s.step().session())
                                || unfinishedClaim.stream().anyMatch(o -> !o.equals(session) && open.contains(o));
                        if (othersInFlight) {
                            continue;
                        }
                        Set<String> waiting = new LinkedHashSet<>(s.claimableAfter());
                        held.forEach((other, keys) -> {
                            if (!other.equals(session) && open.contains(other)) {
                                waiting.removeAll(keys);
                                Set<String> heldGroups = keys.stream().map(groups::get).filter(java.util.Objects::nonNull)
                                        .collect(Collectors.toSet());
                                waiting.removeIf(k -> heldGroups.contains(groups.get(k)));
                            }
                        });
                        if (!waiting.isEmpty()) {
                            return s.name() + " found nothing while " + waiting.stream().limit(5).collect(Collectors.joining(", "))
                                    + " " + (waiting.size() == 1 ? "was" : "were") + " claimable and held by no other transaction";
                        }
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }
}

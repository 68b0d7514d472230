package io.claimmatrix.schedule;

import io.claimmatrix.run.Failures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One run of one schedule against one variant: every step, the order things happened in, each transaction and
 * the outcome. Plain data, for the text timeline ({@link TimelineText}) and any other report.
 *
 * @param claimSql        the claim statement on one line, as the timeline's steps show it
 * @param steps           one record per schedule step, in schedule order
 * @param timeline        what happened, in order; entries point into {@code steps}
 * @param eligibleAtStart accounts eligible when the run began (the fixture's model, {@code FixtureAccount.eligible()})
 * @param eligibleAtEnd   accounts still eligible when it ended, read from the database
 * @param outcomeDetail   the outcome's evidence, e.g. {@code one claimed by s1 and s2, both committed}
 * @param groups          key to group key on the fixture (groups.sql); empty without groups
 */
public record ScheduleResult(String schedule, String story, String permutation, String variant, String isolation,
                             String fixture, String claimSql, List<StepRecord> steps, List<TimelineEntry> timeline,
                             List<TransactionRecord> transactions, List<String> eligibleAtStart, List<String> eligibleAtEnd,
                             Outcome outcome, String outcomeDetail, Map<String, String> groups) {

    public ScheduleResult {
        steps = List.copyOf(steps);
        timeline = List.copyOf(timeline);
        transactions = List.copyOf(transactions);
        eligibleAtStart = List.copyOf(eligibleAtStart);
        eligibleAtEnd = List.copyOf(eligibleAtEnd);
        groups = groups == null ? Map.of() : Map.copyOf(groups);
    }

    /** Derives the outcome from what happened; see {@link Outcome} for the precedence. */
    static ScheduleResult judge(Schedule schedule, String variant, String isolation, String fixture, String claimSql,
                                List<StepRecord> steps, List<TimelineEntry> timeline, List<TransactionRecord> transactions,
                                List<String> eligibleAtStart, List<String> eligibleAtEnd) {
        return judge(schedule, variant, isolation, fixture, claimSql, steps, timeline, transactions, eligibleAtStart, eligibleAtEnd, Map.of());
    }

    /** With groups: an item whose group a committed claim took waits for its group; it is not lost. */
    static ScheduleResult judge(Schedule schedule, String variant, String isolation, String fixture, String claimSql,
                                List<StepRecord> steps, List<TimelineEntry> timeline, List<TransactionRecord> transactions,
                                List<String> eligibleAtStart, List<String> eligibleAtEnd, Map<String, String> groups) {
        return judge(schedule, variant, isolation, fixture, claimSql, steps, timeline, transactions, eligibleAtStart, eligibleAtEnd,
                groups, null);
    }

    /** With the batch ({@code null}: unbounded): a claim statement returning more rows than it is an over-claim. */
    static ScheduleResult judge(Schedule schedule, String variant, String isolation, String fixture, String claimSql,
                                List<StepRecord> steps, List<TimelineEntry> timeline, List<TransactionRecord> transactions,
                                List<String> eligibleAtStart, List<String> eligibleAtEnd, Map<String, String> groups, Integer batch) {
        Outcome outcome;
        String detail;
        List<StepRecord> failures = steps.stream().filter(StepRecord::failed).toList();
        List<StepRecord> rejections = failures.stream()
                .filter(s -> s.step().action() == Action.CLAIM && Failures.isRejection(s.sqlState())).toList();
        Map<String, List<String>> committedBy = committedBy(transactions);
        List<String> duplicates = committedBy.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " claimed by " + String.join(" and ", e.getValue())
                        + (e.getValue().size() == 2 ? ", both committed" : ", all committed")).toList();
        Set<String> lost = lost(eligibleAtStart, eligibleAtEnd, committedBy, groups);
        List<List<String>> claimSets = transactions.stream().map(TransactionRecord::claimed).map(List::copyOf).toList();
        List<String> groupDuplicates = groupDuplicates(committedBy, groups);
        List<String> overclaims = overclaims(steps, batch);
        String miss = silentMiss(steps, timeline, groups);

        if (!rejections.isEmpty()) {
            outcome = Outcome.REJECTED;
            detail = failureText(rejections.get(0));
        } else if (!duplicates.isEmpty()) {
            outcome = Outcome.DUPLICATE;
            detail = String.join("; ", duplicates);
        } else if (!groupDuplicates.isEmpty()) {
            outcome = Outcome.GROUP_DUPLICATE;
            detail = String.join("; ", groupDuplicates);
        } else if (!overclaims.isEmpty()) {
            outcome = Outcome.OVERCLAIM;
            detail = String.join("; ", overclaims);
        } else if (miss != null) {
            outcome = Outcome.MISS;
            detail = miss;
        } else if (!lost.isEmpty()) {
            outcome = Outcome.LOST;
            detail = String.join(", ", lost) + ": neither claimed by a committed transaction nor eligible any more";
        } else if (!failures.isEmpty()) {
            outcome = Outcome.ABORT;
            detail = failures.stream().map(ScheduleResult::failureText).collect(Collectors.joining("; "));
        } else if (claimSets.size() > 1 && claimSets.stream().map(Set::copyOf).distinct().count() > 1) {
            outcome = Outcome.SKIP;
            detail = claimsText(transactions);
        } else {
            outcome = Outcome.NOTHING;
            detail = claimsText(transactions);
        }
        return new ScheduleResult(schedule.name(), schedule.story(), schedule.permutation(), variant, isolation, fixture,
                claimSql, steps, timeline, transactions, eligibleAtStart, eligibleAtEnd, outcome, detail, groups);
    }

    /** Each item a committed transaction claimed, to the sessions that claimed it, in the order they ended. */
    public static Map<String, List<String>> committedBy(List<TransactionRecord> transactions) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (TransactionRecord t : transactions) {
            if (t.committed()) {
                new LinkedHashSet<>(t.claimed()).forEach(k -> out.computeIfAbsent(k, x -> new ArrayList<>()).add(t.session()));
            }
        }
        return out;
    }

    /**
     * The items eligible at the start that, at the end, no committed transaction claimed and that are not eligible any
     * more; with groups, not an item whose group a committed claim took (it waits for its group).
     */
    public static Set<String> lost(List<String> eligibleAtStart, List<String> eligibleAtEnd, Map<String, List<String>> committedBy,
                                   Map<String, String> groups) {
        Set<String> lost = new LinkedHashSet<>(eligibleAtStart);
        lost.removeAll(committedBy.keySet());
        lost.removeAll(eligibleAtEnd);
        Set<String> busy = committedBy.keySet().stream().map(groups::get).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        lost.removeIf(k -> busy.contains(groups.get(k)));
        return lost;
    }

    /**
     * Each group with two or more items claimed by committed transactions, as the oracle counts GROUP_DUPLICATES:
     * {@code group k: 2 (s2) and 3 (s3), all committed}.
     *
     * @param committedBy each item to the sessions whose committed transactions claimed it, in claim order
     * @param groups      item to group key (groups.sql); empty when the model has no groups
     */
    public static List<String> groupDuplicates(Map<String, List<String>> committedBy, Map<String, String> groups) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        committedBy.forEach((item, sessions) -> {
            String g = groups.get(item);
            if (g != null) {
                byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(item + " (" + sessions.get(0) + ")");
            }
        });
        return byGroup.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "group " + e.getKey() + ": " + String.join(" and ", e.getValue()) + ", all committed").toList();
    }

    /**
     * A claim whose first statement found nothing while claimable.sql, right after, listed an item no other open
     * transaction had claimed (with groups: no item of its group), as the oracle's silent miss; {@code null} when none.
     * Judged only when no other session had a statement running or blocked at that moment (what a statement in flight
     * has locked is not known); a row another statement locked without returning it (a rescanned locking subquery)
     * is not seen.
     */
    public static String silentMiss(List<StepRecord> steps, List<TimelineEntry> timeline, Map<String, String> groups) {
        Map<String, Set<String>> held = new HashMap<>();
        Set<String> open = new HashSet<>();
        Set<String> unfinishedClaim = new HashSet<>();
        Map<Integer, Integer> inFlight = new HashMap<>(); // step index -> session, for steps waiting
        for (TimelineEntry e : timeline) {
            StepRecord s = steps.get(e.step());
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
                                    + " " + (waiting.size() == 1 ? "was" : "were") + " claimable and claimed by no other open transaction";
                        }
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    /**
     * Each claim statement that returned more rows than the batch: {@code s1claim's claim statement returned 10 rows,
     * its batch is 1}; empty for an unbounded claim ({@code batch} {@code null}).
     */
    public static List<String> overclaims(List<StepRecord> steps, Integer batch) {
        List<String> out = new ArrayList<>();
        if (batch != null) {
            for (StepRecord s : steps) {
                for (int rows : s.claimRows()) {
                    if (rows > batch) {
                        out.add(s.name() + "'s claim statement returned " + rows + " rows, its batch is " + batch);
                    }
                }
            }
        }
        return out;
    }

    /** Each transaction in one phrase: {@code s1 claimed one, committed; s2 claimed nothing, committed}. */
    public String transactionSummary() {
        return transactions.stream().map(ScheduleResult::transactionText).collect(Collectors.joining("; "));
    }

    private static String claimsText(List<TransactionRecord> transactions) {
        return transactions.stream().map(ScheduleResult::transactionText).collect(Collectors.joining("; "));
    }

    private static String transactionText(TransactionRecord t) {
        String claimed = t.claimed().isEmpty() ? "nothing" : String.join(", ", t.claimed());
        String end = switch (t.end()) {
            case COMMITTED -> "committed";
            case ROLLED_BACK -> "rolled back";
            case FAILED -> "failed at " + t.failedAt() + " (" + t.sqlState() + ")";
        };
        return t.session() + " claimed " + claimed + ", " + end;
    }

    private static String failureText(StepRecord s) {
        return s.name() + " failed with " + s.sqlState() + " " + Failures.describe(s.sqlState()) + ": " + s.error();
    }
}

package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.model.Statistics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns what happened into a verdict, with evidence. Knows nothing of SQL: it holds the history of claim transactions
 * to the queue model's invariants, each counted on its own:
 * <ul>
 *   <li>no item claimed by two committed transactions in a round ({@link Verdict#DUPLICATES}); with a lease, a second
 *       claim that began after the first one's lease had passed is a redelivery by design, counted apart;</li>
 *   <li>no two items of one exclusive group claimed by committed transactions in a round ({@link Verdict#GROUP_DUPLICATES});</li>
 *   <li>no claim statement returning more rows than its batch ({@link Verdict#OVERCLAIM});</li>
 *   <li>nothing claimable left when the workers stop, no worker finding nothing while items were claimable and held by
 *       no claim, nothing claimed that was not claimable ({@link Verdict#INCOMPLETE});</li>
 *   <li>no aborts ({@link Verdict#ABORTS}).</li>
 * </ul>
 */
public final class Oracle {

    /** How many concrete examples a result carries per kind of violation. */
    static final int EXAMPLES = 3;

    private Oracle() {
    }

    /**
     * Tallies of one history, before any wording.
     *
     * @param committedClaims     items claimed by committed transactions, summed over rounds
     * @param committedDuplicates (round, item) pairs claimed by more than one committed transaction (not counting
     *                            redeliveries after a lease passed)
     * @param groupDuplicates     (round, group) pairs with more than one item claimed by committed transactions
     * @param overclaims          claim statements that returned more rows than the batch
     * @param largestClaim        the most rows one claim statement returned
     * @param abortedClaims       claim transactions that rolled back
     * @param missedItems         (round, item) pairs still claimable when every worker had stopped
     * @param silentMisses        claim statements that found nothing while items were claimable and held by no claim
     * @param ineligibleClaims    (round, item) pairs claimed by a committed transaction though not claimable at the start
     * @param leaseRedeliveries   (round, item) pairs claimed again after the first claim's lease had passed
     * @param droppedClaims       claims whose claim statement found rows but which kept none (a re-check dropped them,
     *                            an ON CONFLICT lost the race): no violation, but the worker stops or must poll again
     *                            while the claim statement said work was there; counted, not judged
     * @param evidence            a few concrete examples of each violation: which item, which transactions
     */
    public record Tally(int committedClaims, int committedDuplicates, int groupDuplicates, int overclaims, int largestClaim,
                        int abortedClaims, Map<String, Integer> abortsBySqlState, int missedItems, int silentMisses,
                        int ineligibleClaims, int leaseRedeliveries, int droppedClaims, List<String> evidence) {

        public Tally {
            abortsBySqlState = Map.copyOf(new TreeMap<>(abortsBySqlState));
            evidence = List.copyOf(evidence);
        }

        /** Nothing happened: a refused query's attempts, or no round. */
        public static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, List.of());
    }

    /** Tallies rounds held to no batch and no lease. */
    public static Tally tally(List<VariantRun.Round> rounds) {
        return tally(rounds, null, null);
    }

    /**
     * @param batch the most rows one claim statement may return, or {@code null} for unbounded
     * @param lease the model's lease, or {@code null}
     */
    public static Tally tally(List<VariantRun.Round> rounds, Integer batch, Duration lease) {
        int committedClaims = 0, duplicates = 0, groupDuplicates = 0, overclaims = 0, largest = 0, aborted = 0, missed = 0,
                silent = 0, ineligible = 0, redeliveries = 0, dropped = 0;
        Map<String, Integer> bySqlState = new TreeMap<>();
        List<String> dupExamples = new ArrayList<>(), groupExamples = new ArrayList<>(), overExamples = new ArrayList<>(),
                missExamples = new ArrayList<>(), silentExamples = new ArrayList<>(), ineligibleExamples = new ArrayList<>(),
                abortExamples = new ArrayList<>(), leaseExamples = new ArrayList<>(), droppedExamples = new ArrayList<>();
        for (VariantRun.Round round : rounds) {
            Map<String, List<ClaimTransaction>> claimants = new LinkedHashMap<>();
            for (ClaimTransaction t : round.transactions()) {
                largest = Math.max(largest, t.largestClaimStatement());
                if (batch != null && t.largestClaimStatement() > batch) {
                    overclaims += (int) t.claimRows().stream().filter(n -> n > batch).count();
                    if (overExamples.size() < EXAMPLES) {
                        overExamples.add("round " + round.index() + ": " + t.label() + "'s claim statement returned "
                                + t.largestClaimStatement() + " rows, its batch is " + batch
                                + (t.committed() ? ", committed" : ", aborted with " + t.sqlState()));
                    }
                }
                if (t.committed()) {
                    committedClaims += t.keys().size();
                    for (String key : new LinkedHashSet<>(t.keys())) {
                        claimants.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                    }
                } else {
                    aborted++;
                    bySqlState.merge(t.sqlState(), 1, Integer::sum);
                    if (abortExamples.size() < EXAMPLES) {
                        abortExamples.add("round " + round.index() + ": " + t.label() + " aborted at " + t.failedStep()
                                + " with " + t.sqlState() + " (" + t.message() + ")");
                    }
                }
            }
            Map<String, List<String>> claimedByGroup = new LinkedHashMap<>();
            for (Map.Entry<String, List<ClaimTransaction>> e : claimants.entrySet()) {
                List<ClaimTransaction> by = e.getValue();
                int leaseAgain = lease == null ? 0 : redeliveredAfterLease(by, lease);
                if (leaseAgain > 0) {
                    redeliveries++;
                    if (leaseExamples.size() < EXAMPLES) {
                        leaseExamples.add("round " + round.index() + ": item " + e.getKey() + " claimed again by "
                                + by.get(by.size() - 1).label() + " after the lease (" + Timeouts.format(lease) + ") of "
                                + by.get(0).label() + " had passed: a redelivery by design");
                    }
                }
                if (by.size() - leaseAgain > 1) {
                    duplicates++;
                    if (dupExamples.size() < EXAMPLES) {
                        dupExamples.add("round " + round.index() + ": item " + e.getKey() + " claimed by "
                                + by.stream().map(ClaimTransaction::label).collect(Collectors.joining(" and ")) + ", all committed");
                    }
                }
                if (!round.claimableAtStart().contains(e.getKey())) {
                    ineligible++;
                    if (ineligibleExamples.size() < EXAMPLES) {
                        ineligibleExamples.add("round " + round.index() + ": item " + e.getKey() + " claimed by "
                                + by.get(0).label() + " though it was not claimable");
                    }
                }
                String group = round.groups().get(e.getKey());
                if (group != null) {
                    claimedByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(e.getKey());
                }
            }
            for (Map.Entry<String, List<String>> g : claimedByGroup.entrySet()) {
                if (g.getValue().size() > 1) {
                    groupDuplicates++;
                    if (groupExamples.size() < EXAMPLES) {
                        groupExamples.add("round " + round.index() + ": group " + g.getKey() + " had items "
                                + String.join(", ", g.getValue()) + " claimed by "
                                + g.getValue().stream().map(k -> claimants.get(k).get(0).label()).collect(Collectors.joining(" and "))
                                + ", all committed");
                    }
                }
            }
            missed += round.claimableAtEnd().size();
            if (!round.claimableAtEnd().isEmpty() && missExamples.size() < EXAMPLES) {
                missExamples.add("round " + round.index() + ": " + round.claimableAtEnd().size()
                        + " item(s) still claimable when every worker had stopped, e.g. "
                        + round.claimableAtEnd().stream().limit(3).collect(Collectors.joining(", ")));
            }
            for (ClaimTransaction t : round.transactions()) {
                if (t.committed() && t.keys().isEmpty() && !t.claimRows().isEmpty() && t.claimRows().get(0) > 0) {
                    dropped++;
                    if (droppedExamples.size() < EXAMPLES) {
                        droppedExamples.add("round " + round.index() + ": " + t.label() + "'s claim statement found "
                                + t.claimRows().get(0) + " row(s), but the claim kept none (" + (t.claimRows().size() > 1
                                ? "its later statement returned " + t.claimRows().get(t.claimRows().size() - 1) : "nothing returned") + ")");
                    }
                }
                Set<String> waiting = silentMiss(t, round.transactions(), round.groups());
                if (!waiting.isEmpty()) {
                    silent++;
                    if (silentExamples.size() < EXAMPLES) {
                        silentExamples.add("round " + round.index() + ": " + t.label() + " found nothing while " + waiting.size()
                                + " item(s) were claimable and held by no claim, e.g. "
                                + waiting.stream().limit(3).collect(Collectors.joining(", ")));
                    }
                }
            }
        }
        List<String> evidence = new ArrayList<>();
        evidence.addAll(dupExamples);
        evidence.addAll(groupExamples);
        evidence.addAll(overExamples);
        evidence.addAll(silentExamples);
        evidence.addAll(missExamples);
        evidence.addAll(ineligibleExamples);
        evidence.addAll(abortExamples);
        evidence.addAll(leaseExamples);
        evidence.addAll(droppedExamples);
        return new Tally(committedClaims, duplicates, groupDuplicates, overclaims, largest, aborted, bySqlState, missed, silent,
                ineligible, redeliveries, dropped, evidence);
    }

    /**
     * How many of an item's committed claims (after the first) could have come after the previous claim's lease had
     * passed: those are redeliveries by design, not duplicates. The previous claim took its lease during its transaction,
     * so no earlier than its start; a later claim that ended less than a lease after that start cannot have seen the
     * lease expire, and is a duplicate.
     */
    private static int redeliveredAfterLease(List<ClaimTransaction> claims, Duration lease) {
        int n = 0;
        for (int i = 1; i < claims.size(); i++) {
            if (claims.get(i).endNanos() - claims.get(i - 1).startNanos() >= lease.toNanos()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The items an empty claim missed: claimable.sql listed them right after the claim found nothing, and no
     * transaction that claimed them overlapped the empty claim (so no claim held them while it looked). With groups, a
     * claim holds its items' whole groups (a queue row, a lock key: the other items of the group are not claimable
     * until it ends, though claimable.sql, in a new snapshot, cannot see its uncommitted lock). Nothing, to be safe,
     * when an overlapping transaction failed inside its claim: what it had locked is unknown.
     */
    static Set<String> silentMiss(ClaimTransaction empty, List<ClaimTransaction> all, Map<String, String> groups) {
        if (empty.claimableWhenEmpty() == null || empty.claimableWhenEmpty().isEmpty()) {
            return Set.of();
        }
        Set<String> waiting = new LinkedHashSet<>(empty.claimableWhenEmpty());
        for (ClaimTransaction other : all) {
            if (other == empty || !other.overlaps(empty)) {
                continue;
            }
            if (!other.committed() && "claim".equals(other.failedStep())) {
                return Set.of();
            }
            other.keys().forEach(waiting::remove);
            Set<String> heldGroups = new HashSet<>();
            other.keys().forEach(k -> {
                if (groups.get(k) != null) {
                    heldGroups.add(groups.get(k));
                }
            });
            waiting.removeIf(k -> groups.get(k) != null && heldGroups.contains(groups.get(k)));
        }
        return waiting;
    }

    /**
     * The verdict, in precedence order: REJECTED, TIMEOUT, DUPLICATES, GROUP_DUPLICATES, OVERCLAIM, INCOMPLETE,
     * ABORTS, SAFE.
     */
    public static Verdict verdict(boolean rejected, boolean timedOut, Tally t) {
        if (rejected) {
            return Verdict.REJECTED;
        }
        if (timedOut) {
            return Verdict.TIMEOUT;
        }
        if (t.committedDuplicates() > 0) {
            return Verdict.DUPLICATES;
        }
        if (t.groupDuplicates() > 0) {
            return Verdict.GROUP_DUPLICATES;
        }
        if (t.overclaims() > 0) {
            return Verdict.OVERCLAIM;
        }
        if (t.missedItems() > 0 || t.silentMisses() > 0 || t.ineligibleClaims() > 0) {
            return Verdict.INCOMPLETE;
        }
        if (t.abortedClaims() > 0) {
            return Verdict.ABORTS;
        }
        return Verdict.SAFE;
    }

    /** The verdict of each fixture's rounds on their own, e.g. {@code mixed=DUPLICATES, absent=ABORTS}. */
    static Map<String, Verdict> verdictsByFixture(VariantRun run) {
        Map<String, List<VariantRun.Round>> byFixture = new LinkedHashMap<>();
        for (VariantRun.Round r : run.rounds()) {
            String shape = r.fixture().substring(r.fixture().lastIndexOf(':') + 1);
            byFixture.computeIfAbsent(shape, k -> new ArrayList<>()).add(r);
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        byFixture.forEach((shape, rounds) -> verdicts.put(shape, verdict(run.rejection() != null,
                rounds.stream().anyMatch(VariantRun.Round::timedOut),
                run.rejection() == null ? tally(rounds, run.batch(), run.lease()) : Tally.NONE)));
        return verdicts;
    }

    /** The verdict of one run under its own statistics condition. */
    public static VariantResult judge(VariantRun run) {
        return judge(run, List.of(run.statistics()), Map.of());
    }

    /**
     * @param covers the statistics conditions this run stands for: its own, or both when the claim's plan is the same
     *               under both and it was run once
     * @param plans  the claim statement's plan under each condition planned
     */
    public static VariantResult judge(VariantRun run, List<Statistics> covers, Map<Statistics, List<String>> plans) {
        ClaimStrategy<?> s = run.strategy();
        // A refused query's attempts are not claims: only the refusal counts.
        Tally tally = run.rejection() == null ? tally(run.rounds(), run.batch(), run.lease()) : Tally.NONE;
        Verdict verdict = verdict(run.rejection() != null, run.timedOut(), tally);
        long busyNanos = run.rounds().stream().mapToLong(VariantRun.Round::elapsedNanos).sum();
        double perSecond = busyNanos == 0 ? 0 : tally.committedClaims() / (busyNanos / 1e9);
        Map<String, Verdict> byFixture = verdictsByFixture(run);
        String reason = Reasons.explain(s.dimensions(), verdict, tally, run)
                + (new HashSet<>(byFixture.values()).size() > 1 ? " By fixture: " + byFixture.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + "." : "")
                + (covers.size() > 1 ? " Run once for fresh and stale statistics: the claim's plan is the same under both." : "");
        Expectation expected = expectation(s, covers);
        return new VariantResult(s.name(), s.aliases(), s.description(), run.model(), s.dimensions().orElse(null), s.isolation().sql(),
                List.copyOf(covers), Map.copyOf(plans), run.fixture(), run.batch(), verdict, tally, byFixture,
                run.rounds().size(), run.workers(), Math.round(perSecond * 10) / 10.0, run.elapsedNanos() / 1_000_000,
                run.rejection(), reason, ClaimSqlRenderer.render(s),
                expected == null ? null : expected.verdict(), expected == null ? null : expected.why(),
                expected == null ? null : expected.orWhenRaced(), null, null);
    }

    /** The expectation a result is held to: the strategy's under each covered condition (the first when they differ). */
    static Expectation expectation(ClaimStrategy<?> s, List<Statistics> covers) {
        Expectation first = null;
        for (Statistics c : covers) {
            Expectation e = s.expectation(c);
            if (e == null || e.verdict() == null) {
                return e;
            }
            if (first == null) {
                first = e;
            } else if (first.verdict() != e.verdict()) {
                return new Expectation(first.verdict(), first.why() + " (under " + c.code + " statistics it is recorded as "
                        + e.verdict() + ", yet the plan is the same under both)");
            }
        }
        return first;
    }
}

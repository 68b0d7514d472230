package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns what happened into a verdict, with evidence. Knows nothing of SQL: it holds the history of claim
 * transactions to the invariants "no account claimed by two committed transactions in a round", "every
 * eligible account claimed", "no ineligible account claimed", "no aborts".
 */
public final class Oracle {

    /** How many concrete examples a result carries per kind of violation. */
    static final int EXAMPLES = 3;

    private Oracle() {
    }

    /** Tallies of one history, before any wording. */
    public record Tally(int committedClaims, int committedDuplicates, int abortedClaims, Map<String, Integer> abortsBySqlState,
                        int missedAccounts, int ineligibleClaims, List<String> evidence) {
    }

    public static Tally tally(List<VariantRun.Round> rounds) {
        int committedClaims = 0, duplicates = 0, aborted = 0, missed = 0, ineligible = 0;
        Map<String, Integer> bySqlState = new TreeMap<>();
        List<String> dupExamples = new ArrayList<>(), missExamples = new ArrayList<>(),
                ineligibleExamples = new ArrayList<>(), abortExamples = new ArrayList<>();
        for (VariantRun.Round round : rounds) {
            Map<String, List<ClaimTransaction>> claimants = new LinkedHashMap<>();
            for (ClaimTransaction t : round.transactions()) {
                if (t.committed()) {
                    committedClaims += t.accounts().size();
                    for (String account : t.accounts()) {
                        claimants.computeIfAbsent(account, k -> new ArrayList<>()).add(t);
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
            for (Map.Entry<String, List<ClaimTransaction>> e : claimants.entrySet()) {
                if (e.getValue().size() > 1) {
                    duplicates++;
                    if (dupExamples.size() < EXAMPLES) {
                        dupExamples.add("round " + round.index() + ": account " + e.getKey() + " claimed by "
                                + e.getValue().stream().map(ClaimTransaction::label).collect(Collectors.joining(" and "))
                                + ", all committed");
                    }
                }
                if (!round.eligible().contains(e.getKey())) {
                    ineligible++;
                    if (ineligibleExamples.size() < EXAMPLES) {
                        ineligibleExamples.add("round " + round.index() + ": account " + e.getKey() + " claimed by "
                                + e.getValue().get(0).label() + " though it was not eligible");
                    }
                }
            }
            Set<String> unclaimed = new HashSet<>(round.eligible());
            unclaimed.removeAll(claimants.keySet());
            missed += unclaimed.size();
            if (!unclaimed.isEmpty() && missExamples.size() < EXAMPLES) {
                missExamples.add("round " + round.index() + ": " + unclaimed.size() + " eligible account(s) never claimed, e.g. "
                        + unclaimed.stream().sorted().limit(3).collect(Collectors.joining(", ")));
            }
        }
        List<String> evidence = new ArrayList<>();
        evidence.addAll(dupExamples);
        evidence.addAll(missExamples);
        evidence.addAll(ineligibleExamples);
        evidence.addAll(abortExamples);
        return new Tally(committedClaims, duplicates, aborted, bySqlState, missed, ineligible, List.copyOf(evidence));
    }

    /** The verdict, in precedence order: REJECTED, TIMEOUT, DUPLICATES, INCOMPLETE, ABORTS, SAFE. */
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
        if (t.missedAccounts() > 0 || t.ineligibleClaims() > 0) {
            return Verdict.INCOMPLETE;
        }
        if (t.abortedClaims() > 0) {
            return Verdict.ABORTS;
        }
        return Verdict.SAFE;
    }

    /** The verdict of each fixture shape's rounds on their own, e.g. {@code mixed=DUPLICATES, absent=ABORTS}. */
    static Map<String, Verdict> verdictsByFixture(VariantRun run) {
        Map<String, List<VariantRun.Round>> byFixture = new LinkedHashMap<>();
        for (VariantRun.Round r : run.rounds()) {
            String shape = r.fixture().substring(r.fixture().lastIndexOf(':') + 1);
            byFixture.computeIfAbsent(shape, k -> new ArrayList<>()).add(r);
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        byFixture.forEach((shape, rounds) -> verdicts.put(shape, verdict(run.rejection() != null,
                rounds.stream().anyMatch(VariantRun.Round::timedOut), tally(run.rejection() == null ? rounds : List.of()))));
        return verdicts;
    }

    public static VariantResult judge(VariantRun run) {
        ClaimStrategy s = run.strategy();
        // A refused query's attempts are not claims: only the refusal counts.
        Tally tally = tally(run.rejection() == null ? run.rounds() : List.of());
        Verdict verdict = verdict(run.rejection() != null, run.timedOut(), tally);
        long busyNanos = run.rounds().stream().mapToLong(VariantRun.Round::elapsedNanos).sum();
        double perSecond = busyNanos == 0 ? 0 : tally.committedClaims() / (busyNanos / 1e9);
        Map<String, Verdict> byFixture = verdictsByFixture(run);
        String reason = Reasons.explain(s.dimensions(), verdict, tally, run)
                + (new HashSet<>(byFixture.values()).size() > 1 ? " By fixture: " + byFixture.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + "." : "");
        return new VariantResult(s.name(), s.aliases(), s.dimensions().orElse(null), s.isolation().sql(), run.fixture(), verdict,
                tally.committedClaims(), tally.committedDuplicates(), tally.abortedClaims(), tally.abortsBySqlState(),
                tally.missedAccounts(), tally.ineligibleClaims(), byFixture, run.rounds().size(), run.workers(),
                Math.round(perSecond * 10) / 10.0, run.elapsedNanos() / 1_000_000,
                run.rejection(), tally.evidence(), reason, ClaimSqlRenderer.render(s),
                s.expectation() == null ? null : s.expectation().verdict(),
                s.expectation() == null ? null : s.expectation().why());
    }
}

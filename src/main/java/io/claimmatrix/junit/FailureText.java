package io.claimmatrix.junit;

import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.search.Counterexample;
import io.claimmatrix.search.Invariant;
import io.claimmatrix.search.SearchResult;
import io.claimmatrix.search.SearchText;
import io.claimmatrix.schedule.TimelineText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A result as an assertion's failure message shows it: what a person needs to act without re-running anything. Per
 * statistics condition: the verdict and what it means, every count, the evidence (which item, which transactions), the
 * reason, the verdict predicted from the plan (rule, agreement, fix), the claim statement and its plan under that
 * condition, and the interleaving search: the shortest counterexample as a table (a column per session) and as an
 * isolation-tester timeline, or the bound within which none exists.
 */
final class FailureText {

    private static final String INDENT = "  ";

    private FailureText() {
    }

    /**
     * One result in full.
     *
     * @param focus the invariant the assertion is about (its counterexample is the one drawn), or {@code null} for all
     */
    static String block(ClaimResult owner, VariantResult v, Invariant focus) {
        StringBuilder b = new StringBuilder();
        b.append(v.name()).append(" [").append(v.statisticsLabel()).append(" statistics]: ").append(v.verdict())
                .append(" (").append(v.verdict().meaning()).append(")\n");
        if (v.description() != null && !v.description().isBlank()) {
            line(b, 1, "strategy: " + v.description() + " (" + v.isolation() + ", model " + owner.model().name() + ")");
        }
        line(b, 1, "counts: " + counts(v));
        if (!v.evidence().isEmpty()) {
            line(b, 1, "evidence:");
            v.evidence().forEach(e -> line(b, 2, e));
        }
        if (v.rejection() != null) {
            line(b, 1, "PostgreSQL refused the claim statement: " + v.rejection());
        }
        line(b, 1, "reason: " + v.reason());
        if (v.prediction() != null) {
            line(b, 1, "predicted from the plan: " + v.predictedWhy());
        }
        if (v.expectedVerdict() != null) {
            line(b, 1, "expected (recorded): " + v.expectedLabel() + (v.expectedWhy() == null ? "" : ": " + v.expectedWhy()));
        }
        if (v.sql() != null) {
            line(b, 1, "claim statement:");
            v.sql().lines().forEach(l -> line(b, 2, l));
        }
        for (Statistics s : Statistics.values()) {
            List<String> plan = v.plans().get(s);
            if (plan != null && v.statistics().contains(s)) {
                line(b, 1, "plan under " + s.code + " statistics (" + s.meaning() + "):");
                plan.forEach(l -> line(b, 2, l));
            }
        }
        owner.search(v).ifPresentOrElse(r -> search(b, r, focus), () -> line(b, 1, "interleaving search: not run (@ClaimMatrix(search = false))"));
        return b.toString();
    }

    /** {@code 100 claims, 0 duplicates, ..., 4 over-claims (batch 1, largest 100), ...}. */
    static String counts(VariantResult v) {
        List<String> parts = new ArrayList<>();
        parts.add(v.committedClaims() + " items claimed by committed transactions in " + v.rounds() + " round(s) of " + v.workers() + " workers");
        parts.add(v.committedDuplicates() + " duplicates");
        parts.add(v.groupDuplicates() + " group duplicates");
        parts.add(v.overclaims() + " over-claims (batch " + (v.batch() == null ? "unbounded" : v.batch()) + ", largest claim "
                + v.tally().largestClaim() + ")");
        parts.add(v.silentMisses() + " silent misses");
        parts.add(v.missedItems() + " items left claimable");
        parts.add(v.ineligibleClaims() + " claims of items not claimable");
        parts.add(v.abortedClaims() + " aborts" + (v.abortsBySqlState().isEmpty() ? "" : " (" + new TreeMap<>(v.abortsBySqlState())
                .entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")) + ")"));
        if (v.tally().leaseRedeliveries() > 0) {
            parts.add(v.tally().leaseRedeliveries() + " lease redeliveries (by design)");
        }
        return String.join(", ", parts);
    }

    private static void search(StringBuilder b, SearchResult r, Invariant focus) {
        line(b, 1, "interleaving search (" + r.bound() + "; " + r.explored() + " interleavings played, " + r.pruned() + " pruned"
                + (r.exhausted() ? "" : ", cut short by its budget") + "):");
        if (r.rejection() != null) {
            line(b, 2, "PostgreSQL refuses the claim statement in every interleaving: " + r.rejection());
            return;
        }
        for (Invariant i : r.invariants()) {
            Counterexample c = r.found().get(i);
            line(b, 2, String.format(Locale.ROOT, "%-16s %s", i.name(), c == null ? "holds: " + r.none()
                    : "VIOLATED in " + c.steps() + " steps (fixture " + c.result().fixture() + "): " + c.evidence()));
        }
        List<Counterexample> shown = new ArrayList<>();
        if (focus != null && r.found().containsKey(focus)) {
            shown.add(r.found().get(focus));
        } else if (focus == null) {
            // Each distinct counterexample once (several invariants can break in the same interleaving).
            Map<String, Counterexample> byPermutation = new java.util.LinkedHashMap<>();
            for (Invariant i : r.invariants()) {
                Counterexample c = r.found().get(i);
                if (c != null) {
                    byPermutation.putIfAbsent(c.result().fixture() + "|" + c.permutation(), c);
                }
            }
            shown.addAll(byPermutation.values());
        }
        for (Counterexample c : shown) {
            line(b, 1, "the shortest counterexample of " + c.invariant().name() + " (" + c.invariant().rule() + "), step by step:");
            SearchText.table(c.result(), "breaks " + c.invariant().name() + ": " + c.evidence()).lines().forEach(l -> line(b, 2, l));
            line(b, 1, "its timeline (the claim statement shown as <claim query>):");
            TimelineText.render(c.result(), false).lines().forEach(l -> line(b, 2, l));
        }
    }

    /** Why a TIMEOUT result proves nothing about an invariant. */
    static String unfinished(VariantResult v) {
        return "the run did not finish (" + v.reason() + "): what it measured cannot show the invariant holds";
    }

    private static void line(StringBuilder b, int depth, String text) {
        b.append(INDENT.repeat(depth)).append(text).append('\n');
    }
}

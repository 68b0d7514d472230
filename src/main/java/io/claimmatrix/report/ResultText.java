package io.claimmatrix.report;

import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.VariantResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How every report words a result's counts, statistics and plans: one place, so the four formats agree. */
final class ResultText {

    /** The suffix a shape measured at each isolation level gets ({@code ClaimShape}, an SQL file with several levels). */
    private static final Pattern LEVEL_SUFFIX = Pattern.compile("\\.(rc|rr|ser)$");

    private ResultText() {
    }

    /** Whether a result belongs to the seed's matrix (accounts / imports), as opposed to another queue model. */
    static boolean isSeed(VariantResult v) {
        return v.model() == null || v.model().equals(QueueModel.SEED);
    }

    /** The variant's name without its isolation suffix, e.g. {@code jobs.in-subquery} for {@code jobs.in-subquery.rc}. */
    static String shape(VariantResult v) {
        return LEVEL_SUFFIX.matcher(v.name()).replaceFirst("");
    }

    /** The result's isolation level, or empty for a label the kit does not know. */
    static Optional<Isolation> isolation(VariantResult v) {
        try {
            return Optional.of(Isolation.fromText(v.isolation()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Orders results by isolation level (unknown last), then statistics (fresh first). */
    static final Comparator<VariantResult> BY_LEVEL_THEN_STATISTICS = Comparator
            .comparing((VariantResult v) -> isolation(v).map(Enum::ordinal).orElse(Isolation.values().length))
            .thenComparing(v -> v.statistics().isEmpty() ? 0 : v.statistics().get(0).ordinal());

    /** {@code 34 (23505x34)}, or {@code 0}. */
    static String aborts(VariantResult v) {
        if (v.abortedClaims() == 0) {
            return "0";
        }
        return v.abortedClaims() + " (" + new TreeMap<>(v.abortsBySqlState()).entrySet().stream()
                .map(e -> e.getKey() + "x" + e.getValue()).collect(Collectors.joining(" ")) + ")";
    }

    /** Over-claiming statements with the most rows one returned, e.g. {@code 3 (max 100)}; {@code –} with no batch to exceed. */
    static String overclaims(VariantResult v) {
        if (v.overclaims() > 0) {
            return v.overclaims() + " (max " + v.tally().largestClaim() + ")";
        }
        return v.batch() == null ? "–" : "0";
    }

    /** Group duplicates; {@code –} for a model known to have no groups (nothing to count). */
    static String groupDuplicates(VariantResult v, ModelInfo model) {
        return v.groupDuplicates() == 0 && Boolean.FALSE.equals(model.groups()) ? "–" : String.valueOf(v.groupDuplicates());
    }

    /** The verdict, and the expected one when it differs, e.g. {@code ABORTS (expected SAFE)}. */
    static String verdict(VariantResult v) {
        return v.verdict().name() + (v.matchesExpectation() ? "" : " (expected " + v.expectedLabel() + ")");
    }

    /** The conditions the claim statement was planned under, fresh first. */
    static List<Statistics> planned(VariantResult v) {
        List<Statistics> out = new ArrayList<>();
        for (Statistics s : Statistics.values()) {
            if (v.plans().containsKey(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The plans by condition, fresh first (the result's map has no order). */
    static Map<String, List<String>> plansByCode(VariantResult v) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        planned(v).forEach(s -> out.put(s.code, v.plans().get(s)));
        return out;
    }

    /** Whether the claim statement was planned under both conditions and the plans differ. */
    static boolean plansDiffer(VariantResult v) {
        return planned(v).size() > 1 && planned(v).stream().map(v.plans()::get).distinct().count() > 1;
    }

    /**
     * A plan on one line, its nodes in tree order, e.g. {@code Update on jobs > Nested Loop Semi Join > Seq Scan on
     * jobs > ...}: the node lines of {@code EXPLAIN (COSTS OFF)} (the first line and each {@code ->}), details left out.
     */
    static String planOnOneLine(List<String> plan) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            String line = plan.get(i).strip();
            if (i == 0 || line.startsWith("->")) {
                nodes.add(line.replaceFirst("^->\\s*", ""));
            }
        }
        return String.join(" > ", nodes);
    }

    /** Violations of any kind a result counted (duplicates, group duplicates, over-claims, misses, ineligible claims). */
    static int violations(VariantResult v) {
        return v.committedDuplicates() + v.groupDuplicates() + v.overclaims() + v.silentMisses() + v.missedItems() + v.ineligibleClaims();
    }

    /** Whether the verdicts of these results (one variant's, under its conditions) differ. */
    static boolean verdictsDiffer(List<VariantResult> results) {
        return results.stream().map(VariantResult::verdict).distinct().count() > 1;
    }

    /** {@code 1 result} / {@code 3 results}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /**
     * The search beside the soak, in one line: what it implies, whether that agrees, the shortest counterexample of the
     * first broken invariant (its permutation replays with explain -s), or the bound within which nothing broke.
     */
    static String search(io.claimmatrix.run.SearchOutcome o) {
        StringBuilder b = new StringBuilder(o.implied().name());
        b.append(o.agrees() ? " (agrees with the soak)" : " (DISAGREES with the soak: " + o.why() + ")");
        if (o.broken().isEmpty()) {
            b.append("; ").append(o.summary());
        } else {
            String first = o.broken().keySet().iterator().next();
            b.append("; ").append(first).append(": ").append(o.evidence().get(first)).append(", replay '")
                    .append(o.broken().get(first)).append("'; ").append(o.summary());
        }
        return b.toString();
    }
}

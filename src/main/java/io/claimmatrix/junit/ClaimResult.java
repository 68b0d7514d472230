package io.claimmatrix.junit;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.search.SearchResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one claim strategy came to against a {@link ClaimMatrix} class's queue model: a {@link VariantResult} per
 * statistics condition it was measured under (verdict, every count, evidence, reason, the claim statement and its
 * plans, the interleaving search's outcome), or one standing for both when its claim statement plans the same under
 * both, and the search's full result behind each (its counterexamples' played schedules, for failure messages).
 *
 * <p>One result holds every condition, rather than one test run per condition, because "is this claim safe?" is asked
 * of the claim: a claim that over-claims only once the planner's statistics are stale (after a bulk load) is not safe,
 * and an assertion says under which condition it broke. {@link #under(Statistics)} narrows to one condition.
 */
public final class ClaimResult {

    private final ClaimStrategy<?> strategy;
    private final QueueModel model;
    private final List<VariantResult> results;
    private final Map<String, SearchResult> searches;

    /**
     * @param results  the strategy's results, one per condition measured (or one for both)
     * @param searches each result's search by {@link VariantResult#key()}; none when the search was off
     */
    public ClaimResult(ClaimStrategy<?> strategy, QueueModel model, List<VariantResult> results, Map<String, SearchResult> searches) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a result needs at least one measured condition");
        }
        this.strategy = strategy;
        this.model = model;
        this.results = List.copyOf(results);
        this.searches = Map.copyOf(searches);
    }

    public ClaimStrategy<?> strategy() {
        return strategy;
    }

    /** The strategy's name, e.g. {@code jobs.in-subquery}. */
    public String name() {
        return strategy.name();
    }

    /** The queue model it was measured against (its name, description, groups, lease). */
    public QueueModel model() {
        return model;
    }

    /** One result per statistics condition measured, or one for both ({@link VariantResult#statistics()} says). */
    public List<VariantResult> results() {
        return results;
    }

    /**
     * The result that stands for a condition (the same one for both when the strategy ran once).
     *
     * @throws IllegalArgumentException when the strategy was not measured under it (see {@link ClaimMatrix#statistics()})
     */
    public VariantResult under(Statistics condition) {
        return results.stream().filter(r -> r.statistics().contains(condition)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name() + " was not measured under " + condition.code
                        + " statistics (measured: " + results.stream().map(VariantResult::statisticsLabel).collect(Collectors.joining("; "))
                        + "); @ClaimMatrix(statistics = ...) or claimable.sql's '-- statistics:' choose the conditions"));
    }

    /** The interleaving search behind a result, or empty when the search was off. */
    public Optional<SearchResult> search(VariantResult result) {
        return Optional.ofNullable(searches.get(result.key()));
    }

    /** The verdict that comes first in the oracle's precedence among the conditions ({@code OVERCLAIM} over {@code SAFE}). */
    public Verdict verdict() {
        return results.stream().map(VariantResult::verdict).min(Enum::compareTo).orElseThrow();
    }

    /** Each condition's verdict, e.g. {@code SAFE (fresh), OVERCLAIM (stale)}, or {@code SAFE (fresh, stale)}. */
    public String verdicts() {
        Map<Verdict, List<String>> byVerdict = new LinkedHashMap<>();
        for (VariantResult r : results) {
            byVerdict.computeIfAbsent(r.verdict(), v -> new ArrayList<>()).add(r.statisticsLabel());
        }
        return byVerdict.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** {@code jobs.in-subquery: SAFE (fresh), OVERCLAIM (stale)}: the display name of its test runs. */
    @Override
    public String toString() {
        return name() + ": " + verdicts();
    }
}

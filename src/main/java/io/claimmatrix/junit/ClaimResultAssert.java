package io.claimmatrix.junit;

import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.SearchOutcome;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.search.Counterexample;
import io.claimmatrix.search.Invariant;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.InstanceOfAssertFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * AssertJ assertions on a {@link ClaimResult}, one per invariant of a queue, each held under every statistics condition
 * the strategy was measured under (or one, after {@link #under(Statistics)}):
 *
 * <pre>{@code
 * assertThat(result).hasNoDuplicates().neverClaimsMoreThanItsBatch().neverMissesAnItem();
 * assertThat(result).under(STALE).hasVerdict(Verdict.OVERCLAIM);
 * }</pre>
 *
 * An invariant is broken when the soak counted a violation of it, or when the interleaving search found an interleaving
 * that violates it (a real run on PostgreSQL, replayable: the soak's rounds can miss a rare one). A result PostgreSQL
 * refused, or one that did not finish, breaks every invariant: it shows none holds. A failure message carries what a
 * person needs to act: the verdict, every count, the evidence, the reason, the claim statement and its plan under the
 * condition that broke it, and the search's shortest counterexample as a table and a timeline.
 */
public class ClaimResultAssert extends AbstractAssert<ClaimResultAssert, ClaimResult> {

    /** For {@code assertThat(object).asInstanceOf(CLAIM_RESULT).isSafe()}. */
    public static final InstanceOfAssertFactory<ClaimResult, ClaimResultAssert> CLAIM_RESULT =
            new InstanceOfAssertFactory<>(ClaimResult.class, ClaimResultAssert::assertThat);

    private final Statistics condition;

    public ClaimResultAssert(ClaimResult actual) {
        this(actual, null);
    }

    private ClaimResultAssert(ClaimResult actual, Statistics condition) {
        super(actual, ClaimResultAssert.class);
        this.condition = condition;
    }

    /** The entry point: {@code import static io.claimmatrix.junit.ClaimResultAssert.assertThat;}. */
    public static ClaimResultAssert assertThat(ClaimResult actual) {
        return new ClaimResultAssert(actual);
    }

    /** The assertions that follow hold the result under one statistics condition only. */
    public ClaimResultAssert under(Statistics statistics) {
        isNotNull();
        if (actual.results().stream().noneMatch(r -> r.statistics().contains(statistics))) {
            failWithMessage("%s", actual.name() + " was not measured under " + statistics.code + " statistics (measured: "
                    + String.join("; ", actual.results().stream().map(VariantResult::statisticsLabel).toList())
                    + "); @ClaimMatrix(statistics = ...) or claimable.sql's '-- statistics:' choose the conditions");
        }
        ClaimResultAssert narrowed = new ClaimResultAssert(actual, statistics);
        if (info.description() != null && !info.descriptionText().isEmpty()) {
            narrowed.describedAs(info.description());
        }
        return narrowed;
    }

    /** SAFE: every claimable item claimed exactly once, no aborts; and no interleaving the search played breaks an invariant. */
    public ClaimResultAssert isSafe() {
        isNotNull();
        List<Broken> broken = new ArrayList<>();
        for (VariantResult v : scope()) {
            SearchOutcome search = v.search();
            if (v.verdict() != Verdict.SAFE) {
                broken.add(new Broken(v, "it was " + v.verdict() + " (" + v.verdict().meaning() + ")"));
            } else if (search != null && search.implied() != Verdict.SAFE) {
                String first = search.broken().keySet().stream().findFirst().orElse("REJECTED");
                broken.add(new Broken(v, "the soak measured SAFE, but the interleaving search found " + search.implied() + " ("
                        + first + ": " + search.evidence().get(first) + ")"));
            }
        }
        return fail("to be SAFE (every claimable item claimed exactly once, no aborts)", broken, null);
    }

    /** The soak's verdict is {@code expected} under every condition in scope. */
    public ClaimResultAssert hasVerdict(Verdict expected) {
        isNotNull();
        List<Broken> broken = new ArrayList<>();
        for (VariantResult v : scope()) {
            if (v.verdict() != expected) {
                broken.add(new Broken(v, "it was " + v.verdict() + " (" + v.verdict().meaning() + ")"));
            }
        }
        return fail("to be measured " + expected + " (" + expected.meaning() + ")", broken, null);
    }

    /**
     * The soak's verdict is the one the strategy records ({@code expectation()} / {@code expectation(Statistics)}); a
     * condition with no recorded verdict fails, saying what was measured (record it, with how, once it holds).
     */
    public ClaimResultAssert matchesItsExpectation() {
        isNotNull();
        List<Broken> broken = new ArrayList<>();
        for (VariantResult v : scope()) {
            if (v.expectedVerdict() == null) {
                broken.add(new Broken(v, "no verdict is recorded for it (expectation() returns null); it measured " + v.verdict()
                        + ": record that, with how it was measured and why, once it holds"));
            } else if (!v.matchesExpectation()) {
                broken.add(new Broken(v, "it was " + v.verdict() + ", but its recorded expectation is " + v.expectedLabel()
                        + (v.expectedWhy() == null ? "" : " (" + v.expectedWhy() + ")")));
            }
        }
        return fail("to get the verdict it records", broken, null);
    }

    /** No item claimed by two committed transactions in a round (a lease's redelivery is not one). */
    public ClaimResultAssert hasNoDuplicates() {
        return holds("never to claim an item twice", Invariant.DUPLICATES, VariantResult::committedDuplicates,
                "item(s) claimed by two committed transactions in one round");
    }

    /** No two items of one group claimed by committed transactions in a round; the model needs a groups query. */
    public ClaimResultAssert hasNoGroupDuplicates() {
        isNotNull();
        if (actual.model().groups().isEmpty()) {
            failWithMessage("%s", "Expecting " + actual.name() + " never to claim two items of one group, but model " + actual.model().name()
                    + " has no groups query to tell them: name one in @ClaimMatrix(groups = \"...\") (the key, then its group key)");
        }
        return holds("never to claim two items of one group at once", Invariant.GROUP_DUPLICATES, VariantResult::groupDuplicates,
                "group(s) with two items claimed by committed transactions in one round");
    }

    /** No claim statement returns more rows than its batch (the strategy's {@code batch()}, else its statement's LIMIT). */
    public ClaimResultAssert neverClaimsMoreThanItsBatch() {
        isNotNull();
        for (VariantResult v : scope()) {
            if (v.batch() == null && v.verdict() != Verdict.REJECTED) {
                failWithMessage("%s", "Expecting " + actual.name() + " never to claim more than its batch, but it has none: its claim "
                        + "statement has no LIMIT the kit can read, and batch() is empty; give batch() the most rows one claim may take");
            }
        }
        return holds("never to claim more than its batch", Invariant.OVERCLAIM, VariantResult::overclaims,
                "claim statement(s) that returned more rows than the batch");
    }

    /** No worker finds nothing while an item is claimable and held by no claim (a silent miss: work waits, a worker idles). */
    public ClaimResultAssert neverMissesAnItem() {
        return holds("never to find nothing while an item waits unheld", Invariant.MISS, VariantResult::silentMisses,
                "claim(s) that found nothing while items were claimable and held by no claim");
    }

    /** Nothing claimable is left when every worker has stopped (no item lost). */
    public ClaimResultAssert leavesNothingBehind() {
        return holds("to leave nothing claimable behind", Invariant.LOST, VariantResult::missedItems,
                "item(s) still claimable when every worker had stopped");
    }

    /** No item is claimed that claimable.sql did not list. */
    public ClaimResultAssert claimsOnlyClaimableItems() {
        return holds("to claim only claimable items", null, VariantResult::ineligibleClaims,
                "item(s) claimed though not claimable");
    }

    /** No claim transaction rolls back (40001, 23505, 40P01: work to retry). */
    public ClaimResultAssert hasNoAborts() {
        return holds("never to abort a claim", Invariant.ABORTS, VariantResult::abortedClaims, "claim transaction(s) rolled back");
    }

    private record Broken(VariantResult result, String why) {
    }

    private List<VariantResult> scope() {
        return condition == null ? actual.results() : List.of(actual.under(condition));
    }

    private ClaimResultAssert holds(String expectation, Invariant invariant, ToIntFunction<VariantResult> count, String counted) {
        isNotNull();
        List<Broken> broken = new ArrayList<>();
        for (VariantResult v : scope()) {
            if (v.verdict() == Verdict.REJECTED) {
                broken.add(new Broken(v, "PostgreSQL refused its claim statement, so nothing was measured"));
                continue;
            }
            if (v.verdict() == Verdict.TIMEOUT) {
                broken.add(new Broken(v, FailureText.unfinished(v)));
                continue;
            }
            int n = count.applyAsInt(v);
            Counterexample c = invariant == null ? null : actual.search(v).map(r -> r.found().get(invariant)).orElse(null);
            if (n > 0 && c != null) {
                broken.add(new Broken(v, "the soak counted " + n + " " + counted + ", and the interleaving search found the shortest "
                        + "interleaving that does it, in " + c.steps() + " steps"));
            } else if (n > 0) {
                broken.add(new Broken(v, "the soak counted " + n + " " + counted));
            } else if (c != null) {
                broken.add(new Broken(v, "the soak's rounds did not hit it, but the interleaving search found an interleaving that "
                        + "does, in " + c.steps() + " steps: " + c.evidence()));
            }
        }
        String rule = invariant == null ? "" : " (" + invariant.rule() + ")";
        return fail(expectation + rule, broken, invariant);
    }

    private ClaimResultAssert fail(String expectation, List<Broken> broken, Invariant focus) {
        if (broken.isEmpty()) {
            return myself;
        }
        StringBuilder b = new StringBuilder("Expecting ").append(actual.name()).append(' ').append(expectation).append(",\nbut ");
        for (int i = 0; i < broken.size(); i++) {
            Broken x = broken.get(i);
            b.append(i == 0 ? "" : ";\nand ").append("under ").append(x.result().statisticsLabel()).append(" statistics ").append(x.why());
        }
        b.append(".\n");
        for (Broken x : broken) {
            b.append('\n').append(FailureText.block(actual, x.result(), focus));
        }
        List<VariantResult> held = scope().stream().filter(v -> broken.stream().noneMatch(x -> x.result() == v)).toList();
        for (VariantResult v : held) {
            b.append("\nUnder ").append(v.statisticsLabel()).append(" statistics it held (").append(v.verdict()).append(").\n");
        }
        failWithMessage("%s", b.toString());
        return myself;
    }
}

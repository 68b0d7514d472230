package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;

import java.util.Optional;

/**
 * One way a claim goes wrong, read from its {@link Facts}: a rule that recognises its shape returns the verdict it
 * leads to under the variant's isolation level, and why; otherwise nothing.
 */
interface Rule {

    /** The name reports show, e.g. {@code unfenced-limit}. */
    String name();

    /** What the rule finds in these facts, or nothing. */
    Optional<Prediction> apply(Facts facts);

    /**
     * Whether a finding of this rule decides the verdict alone, before the others are weighed by verdict precedence:
     * a refused statement, a claim that cannot finish, a claim that serialises every other (nothing else then
     * happens side by side).
     */
    default boolean decisive() {
        return false;
    }

    default Prediction predict(Facts facts, Verdict verdict, String reason, String fix) {
        return new Prediction(facts.statistics(), verdict, name(), reason, fix);
    }
}

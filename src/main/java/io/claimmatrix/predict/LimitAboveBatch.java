package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;
import io.claimmatrix.sql.StatementLimit;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A claim statement whose LIMIT is larger than the batch its strategy declares ({@code -- batch: 3} over
 * {@code LIMIT 5}): whenever more items than the batch are claimable, one claim statement returns more rows than its
 * batch. Read from the strategy's header and the statement's text (its LIMIT as {@link StatementLimit} reads it).
 */
final class LimitAboveBatch implements Rule {

    @Override
    public String name() {
        return "limit-above-batch";
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        OptionalInt limit = StatementLimit.of(f.claimSql());
        if (f.batch() == null || limit.isEmpty() || limit.getAsInt() <= f.batch()) {
            return Optional.empty();
        }
        return Optional.of(predict(f, Verdict.OVERCLAIM, "The claim statement's LIMIT " + limit.getAsInt() + " lets one claim "
                + "return " + limit.getAsInt() + " rows, more than the batch of " + f.batch() + " the strategy declares: a claim "
                + "that finds more than " + f.batch() + " items claimable takes them.", "make the LIMIT the batch (LIMIT "
                + f.batch() + "), or declare the batch the LIMIT allows (-- batch: " + limit.getAsInt() + ")"));
    }
}

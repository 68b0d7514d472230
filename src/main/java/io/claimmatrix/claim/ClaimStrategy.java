package io.claimmatrix.claim;

import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One way of writing a claim against one queue model: the statement(s) that pick and lock items, and how the claim
 * is written. The harness owns connections and transactions (begin at {@link #isolation()}, commit, rollback); a
 * strategy only issues statements, through the {@link DSLContext} it is given, so the harness sees each one (how many
 * rows every claim statement returned, for the {@code OVERCLAIM} and "found nothing" checks).
 *
 * <p>To add one, write a public class with a no-argument constructor anywhere under {@code io.claimmatrix} (or a package
 * named in {@code -Dclaimmatrix.packages}); the {@link StrategyCatalogue} finds it. Type it with the jOOQ classes the
 * build generates from its model's changelog ({@code io.claimmatrix.schema.jooq.<model>}).
 *
 * @param <R> the claim statement's rows: the model's key column(s) first, then whatever the write needs
 */
public interface ClaimStrategy<R extends Record> {

    /** Unique name, shown in every report and as the parameterized test's display name. */
    String name();

    /** Other names the CLI accepts for it. */
    default List<String> aliases() {
        return List.of();
    }

    /** One or two sentences: what it locks and why that is (or is not) enough. */
    String description();

    Isolation isolation();

    /** The queue model it claims from: a built-in model's folder name ({@value QueueModel#SEED}, {@code jobs}, ...). */
    default String model() {
        return QueueModel.SEED;
    }

    /** Where the variant sits in the seed's matrix; empty for a strategy that is not described by dimensions. */
    default Optional<Dimensions> dimensions() {
        return Optional.empty();
    }

    /**
     * The most rows one claim statement may return; a statement returning more is an {@code OVERCLAIM}. Empty (the
     * default): the LIMIT the kit reads from {@link #claimQuery} (that of the SELECT holding the locking clause, else
     * the outermost one), else unbounded.
     */
    default OptionalInt batch() {
        return OptionalInt.empty();
    }

    /** The claim statement: the model's key first, one row per claimed item. Shown beside every verdict and planned. */
    ResultQuery<R> claimQuery(DSLContext dsl);

    /**
     * Runs the claim statement (and any further claim statement: a re-check, a lock by key) and returns the rows this
     * transaction now owns, key first.
     */
    default List<R> claim(DSLContext dsl) {
        return claimQuery(dsl).fetch();
    }

    /** Writes the claim (marks the claimed items taken). A claim statement that writes itself (UPDATE ... RETURNING) needs none. */
    default void write(DSLContext dsl, List<R> claimed) {
    }

    /** The measured verdict this strategy is held to, with its reason; {@code null} when none is recorded yet. */
    Expectation expectation();

    /**
     * The measured verdict under one statistics condition; by default {@link #expectation()} under both. Override
     * for a claim whose plan, and so whose verdict, depends on the planner's statistics.
     */
    default Expectation expectation(Statistics statistics) {
        return expectation();
    }
}

package io.claimmatrix.junit;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.report.Format;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The queue model a test class measures its claim strategies against: your Liquibase changelog, the rows every round
 * starts from, and the query listing what is claimable now (docs/queue-models.md describes each file). Each
 * {@link ClaimTest} method of the class runs once per strategy, with the strategy's {@link ClaimResult}.
 *
 * <p>Files are classpath resources ({@code db/changelog/jobs.yaml}: {@code src/main/resources} and
 * {@code src/test/resources} are on the test classpath) or, prefixed {@code file:}, paths relative to the working
 * directory (the project's directory under Maven). They may have any names. A mistake in one fails the class with one
 * line naming the file and line.
 *
 * <p>Lifecycle: the class gets a run schema of its own ({@code claim_matrix_<random>}, the changelog applied) when its
 * first {@code @ClaimTest} runs, each strategy is measured once (soak and interleaving search) however many methods ask
 * for it, and after the class the schema is dropped and the class's results are written as a report
 * ({@code target/claim-matrix/<TestClass>.md}, {@code .json}, {@code .html}). The database is shared by the test JVM:
 * embedded PostgreSQL by default; {@code -Dclaimmatrix.db=external} with {@code CLAIM_MATRIX_DB_URL} (and
 * {@code _USER}, {@code _PASSWORD}, or {@code -Dclaimmatrix.db.url=...}); {@code -Dclaimmatrix.db=testcontainers} (the
 * class is skipped, saying why, when no Docker engine answers). These are JUnit configuration parameters, so
 * {@code src/test/resources/junit-platform.properties} may set them too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ClaimMatrixExtension.class)
public @interface ClaimMatrix {

    /** The schema: a Liquibase changelog ({@code .yaml}, {@code .yml}, {@code .xml}, or {@code .sql}, formatted or plain DDL). */
    String changelog();

    /** The rows every round starts from: SQL statements; {@code :items} is bound to their number ({@code -- items: N} sets it). */
    String fixture();

    /**
     * One query listing the keys claimable now; its columns are the key, and every strategy's claim statement returns
     * it first. Its header may name the model ({@code -- name: jobs}; else it is named after the first table the query
     * reads), describe it, and give a lease.
     */
    String claimable();

    /** Optional: a query returning the key, then a group key, for the rule "at most one claimed item per group". */
    String groups() default "";

    /**
     * The strategies every {@link ClaimTest} of the class runs (a method may name its own instead). A class with a
     * public no-argument constructor is one strategy; one with a public {@code (Isolation)} constructor (a
     * {@link io.claimmatrix.claim.ClaimShape}) is one per isolation level. Their {@code model()} is not consulted:
     * they run against this model.
     */
    Class<? extends ClaimStrategy<?>>[] strategies() default {};

    /** Concurrent workers in the soak. */
    int workers() default 8;

    /** Rounds per strategy and statistics condition (the fixture reloaded before each). */
    int rounds() default 3;

    /** {@code :items} of the fixture; 0 for the fixture's own ({@code -- items: N}, else 100). */
    int items() default 0;

    /**
     * The planner-statistics conditions each strategy is measured under; empty for the model's own (both, unless
     * claimable.sql's {@code -- statistics:} says). A strategy whose claim plans the same under both runs once.
     */
    Statistics[] statistics() default {};

    /** Whether each result also gets the interleaving search's shortest counterexample per invariant (2 sessions, 2 pauses). */
    boolean search() default true;

    /** Where the class's report is written, relative to the working directory; empty for none. */
    String reportDirectory() default "target/claim-matrix";

    /** The report's formats, each a file {@code <TestClass>.<md|json|html|txt>} in {@link #reportDirectory()}. */
    Format[] reports() default {Format.MARKDOWN, Format.JSON, Format.HTML};
}

package io.claimmatrix.junit;

import io.claimmatrix.claim.ClaimStrategy;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test run once per claim strategy of its {@link ClaimMatrix} class, each run named after the strategy and its
 * measured verdicts ({@code jobs.in-subquery: SAFE (fresh), OVERCLAIM (stale)}) and given its {@link ClaimResult} as a
 * parameter, to hold with {@link ClaimResultAssert}:
 *
 * <pre>{@code
 * @ClaimTest
 * void neverClaimsAJobTwice(ClaimResult result) {
 *     assertThat(result).hasNoDuplicates().neverClaimsMoreThanItsBatch();
 * }
 * }</pre>
 *
 * Each strategy is measured once per class, however many methods run it: just before its first run (so the runs
 * appear as they are measured). A strategy the model cannot run (a table or column its changelog lacks) fails the
 * method with one line before anything is measured.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(ClaimMatrixExtension.class)
public @interface ClaimTest {

    /** The strategies this method runs; empty for the class's ({@link ClaimMatrix#strategies()}). */
    Class<? extends ClaimStrategy<?>>[] value() default {};
}

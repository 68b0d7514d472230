package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.testing.TestHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often {@link MatrixTest}'s settings catch each DUPLICATES and ABORTS variant's race: the figures its comment
 * quotes. A soak, not part of {@code mvn verify}: run it with
 * {@code mvn verify -Dgroups=soak -DexcludedGroups= -Dtest=DetectionRateTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (optionally {@code -Dclaimmatrix.variants=seed -Dclaimmatrix.detection.runs=50}).
 */
@Tag("soak")
class DetectionRateTest {

    @Test
    void measureDetectionRates() throws Exception {
        int runs = Integer.getInteger("claimmatrix.detection.runs", 50);
        List<ClaimStrategy<?>> variants = StrategyCatalogue.discover().select(System.getProperty("claimmatrix.variants", "seed"));
        try (TestHarness run = TestHarness.open(MatrixTest.SETTINGS)) {
            Harness harness = run.harness();
            for (ClaimStrategy<?> v : variants) {
                Map<Verdict, Integer> seen = new EnumMap<>(Verdict.class);
                int minEvidence = Integer.MAX_VALUE;
                for (int i = 0; i < runs; i++) {
                    VariantResult r = Oracle.judge(harness.run(v));
                    seen.merge(r.verdict(), 1, Integer::sum);
                    minEvidence = Math.min(minEvidence, r.verdict() == Verdict.DUPLICATES ? r.committedDuplicates() : r.abortedClaims());
                }
                System.out.printf("detection %s: %s over %d runs, fewest duplicates/aborts in a run: %d%n", v.name(), seen, runs, minEvidence);
                assertThat(seen).as(v.name() + " verdicts over " + runs + " runs").containsOnlyKeys(v.expectation().verdict());
            }
        }
    }
}

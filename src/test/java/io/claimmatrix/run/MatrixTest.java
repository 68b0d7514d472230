package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every variant of the catalogue, run under real concurrency, held to the verdict it was measured to get.
 * Select variants with {@code mvn verify -Dclaimmatrix.variants='left.*'} (names, aliases, globs, comma lists).
 *
 * <p>Detection: with these settings (8 workers, 300 generated accounts, 10 rounds) the seed variant got
 * DUPLICATES in 50 of 50 runs, with 100 to 300 duplicated accounts per run, on the 2-core machine
 * (measured with {@code DetectionRate} below, 2026-11-25). A run needs just one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatrixTest {

    static final Harness.Settings SETTINGS = new Harness.Settings(8, 10,
            Fixture.generated(Fixture.DEFAULT_GENERATED_ACCOUNTS, Fixture.DEFAULT_GENERATED_SEED), Duration.ofSeconds(60));

    private RunSchema schema;
    private Harness harness;

    /** The catalogue, or the part {@code -Dclaimmatrix.variants} selects; each case is named after its variant. */
    static List<Named<ClaimStrategy>> variants() {
        return StrategyCatalogue.discover().select(System.getProperty("claimmatrix.variants", "*")).stream()
                .map(s -> Named.of(s.name(), s)).toList();
    }

    @BeforeAll
    void createSchema() throws Exception {
        var db = TestDatabase.get();
        schema = RunSchema.create(db.jdbcUrl(), db.user(), db.password());
        harness = new Harness(schema, SETTINGS);
    }

    @AfterAll
    void dropSchema() {
        if (harness != null) {
            harness.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void verdictIsTheMeasuredOne(ClaimStrategy variant) throws Exception {
        VariantResult result = Oracle.judge(harness.run(variant));

        assertThat(result.verdict())
                .as("%s: expected %s because %s%nbut measured %s: %s%nevidence: %s%nSQL:%n%s", variant.name(),
                        variant.expectation().verdict(), variant.expectation().why(), result.verdict(), result.reason(),
                        result.evidence(), result.sql())
                .isEqualTo(variant.expectation().verdict());
        assertThat(result.reason()).as("every verdict carries its reason").isNotBlank();
    }
}

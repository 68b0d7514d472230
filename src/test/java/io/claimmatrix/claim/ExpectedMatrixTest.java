package io.claimmatrix.claim;

import io.claimmatrix.run.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/matrix.md and the catalogue describe the same variants, and hand-written expectations agree with the record. */
class ExpectedMatrixTest {

    private final StrategyCatalogue catalogue = StrategyCatalogue.discover();
    private final ExpectedMatrix recorded = ExpectedMatrix.recorded();

    @Test
    void everyVariantHasARecordedVerdictAndEveryRecordAVariant() {
        Set<String> names = catalogue.all().stream().map(ClaimStrategy::name).collect(Collectors.toSet());

        assertThat(recorded.rows().keySet())
                .as("docs/matrix.md is stale: regenerate it with `java -jar target/claim-matrix.jar matrix --format markdown -o docs/matrix.md`")
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void handWrittenExpectationsAgreeWithTheRecord() {
        for (ClaimStrategy s : catalogue.all()) {
            if (!(s instanceof ComposedClaim) && recorded.rows().containsKey(s.name())) {
                assertThat(recorded.rows().get(s.name()).verdict()).as(s.name()).isEqualTo(s.expectation().verdict());
            }
        }
    }

    @Test
    void theComposedMatrixSpansEveryDimension() {
        var dims = catalogue.all().stream().flatMap(s -> s.dimensions().stream()).toList();

        assertThat(dims).extracting(Dimensions::join).contains(Dimensions.Join.values());
        assertThat(dims).extracting(Dimensions::isolation).contains(Isolation.values());
        assertThat(dims).extracting(Dimensions::write).contains(Dimensions.WritePath.values());
        assertThat(dims).extracting(Dimensions::waitPolicy).contains(Dimensions.Wait.values());
        assertThat(dims).extracting(Dimensions::strength).contains(Dimensions.Strength.values());
        assertThat(dims).extracting(Dimensions::recheck).contains(true, false);
        assertThat(dims).extracting(Dimensions::limit).contains(1, ComposedMatrix.LARGE_LIMIT);
        assertThat(dims).extracting(d -> d.lock().kind()).contains(Dimensions.Lock.Kind.values());
        assertThat(dims).extracting(Dimensions::name).doesNotHaveDuplicates();
    }

    @Test
    void parsesTheTableItsReportWrites() {
        String md = "# x\n\n" + ExpectedMatrix.TABLE_HEADING + "\n\n| variant | aliases | verdict | by fixture | d | a | m | c | reason |\n|---|\n"
                + "| `left.a` | seed | ❌ DUPLICATES | mixed DUPLICATES, absent ABORTS | 3 | 1 | 0 | 9.0 | a \\| b |\n";

        ExpectedMatrix.Row row = ExpectedMatrix.parse(md).rows().get("left.a");

        assertThat(row.verdict()).isEqualTo(Verdict.DUPLICATES);
        assertThat(row.verdictsByFixture()).containsEntry("mixed", Verdict.DUPLICATES).containsEntry("absent", Verdict.ABORTS);
        assertThat(row.reason()).isEqualTo("a | b");
    }
}

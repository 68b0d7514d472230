package io.claimmatrix.claim;

import io.claimmatrix.model.Statistics;
import io.claimmatrix.report.MarkdownReport;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.testing.Results;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/matrix.md and the catalogue describe the same variants, and hand-written expectations agree with the record. */
class ExpectedMatrixTest {

    private final StrategyCatalogue catalogue = StrategyCatalogue.discover();
    private final ExpectedMatrix recorded = ExpectedMatrix.recorded();

    @Test
    void everyVariantHasARecordedVerdictAndEveryRecordAVariant() {
        Set<String> names = catalogue.all().stream().map(s -> s.name()).collect(Collectors.toSet());

        assertThat(recorded.rows().keySet())
                .as("docs/matrix.md is stale: regenerate it with `java -jar target/claim-matrix.jar matrix --format markdown -o docs/matrix.md`")
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void handWrittenExpectationsAgreeWithTheRecord() {
        for (ClaimStrategy<?> s : catalogue.all()) {
            if (s instanceof ComposedClaim) {
                continue;
            }
            for (ExpectedMatrix.Row row : recorded.rows().getOrDefault(s.name(), List.of())) {
                for (Statistics c : row.statistics()) {
                    Expectation e = s.expectation(c);
                    if (e != null && e.verdict() != null) {
                        assertThat(e.accepts(row.verdict())).as("%s under %s statistics: recorded %s, expected %s", s.name(), c.code,
                                row.verdict(), e.verdict()).isTrue();
                    }
                }
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

        ExpectedMatrix.Row row = ExpectedMatrix.parse(md).rows().get("left.a").get(0);

        assertThat(row.verdict()).isEqualTo(Verdict.DUPLICATES);
        assertThat(row.verdictsByFixture()).containsEntry("mixed", Verdict.DUPLICATES).containsEntry("absent", Verdict.ABORTS);
        assertThat(row.reason()).isEqualTo("a | b");
        assertThat(row.statistics()).as("a record without statistics was measured fresh").containsExactly(Statistics.FRESH);
    }

    @Test
    void readsBackWhatTheMarkdownReportWritesWithItsStatistics() {
        Dimensions seed = new Dimensions(Dimensions.Join.LEFT, Dimensions.Lock.of(Dimensions.Table.ACCOUNTS, Dimensions.Table.INITIAL),
                Dimensions.Strength.UPDATE, Dimensions.Wait.SKIP, Isolation.READ_COMMITTED, Dimensions.WritePath.UPDATE_INSERT, false, 1);
        List<VariantResult> results = List.of(
                Results.of(seed.name()).aliases("seed").dimensions(seed).verdict(Verdict.DUPLICATES).duplicates(3)
                        .byFixture(java.util.Map.of("mixed", Verdict.DUPLICATES)).reason("a | b").build(),
                Results.of("jobs.in-subquery.rc").model("jobs").verdict(Verdict.SAFE).reason("fresh: one row").build(),
                Results.of("jobs.in-subquery.rc").model("jobs").statistics(Statistics.STALE).verdict(Verdict.OVERCLAIM)
                        .overclaims(3, 100).evidence("round 1: w1#1's claim statement returned 100 rows | all").reason("stale: all rows").build(),
                Results.of("jobs.cte.rr").model("jobs").isolation("REPEATABLE READ").statistics(Statistics.FRESH, Statistics.STALE)
                        .verdict(Verdict.GROUP_DUPLICATES).groupDuplicates(2).expected(Verdict.SAFE, "measured").reason("once").build());
        String markdown = MarkdownReport.render(new MatrixRunner.MatrixResult("17.7", "embedded",
                new Harness.Settings(4, 2, io.claimmatrix.schema.Fixture.seed(), Duration.ofSeconds(10)), results));

        ExpectedMatrix read = ExpectedMatrix.parse(markdown);

        assertThat(read.rows()).containsOnlyKeys(seed.name(), "jobs.in-subquery.rc", "jobs.cte.rr");
        assertThat(read.row(seed.name(), Statistics.FRESH)).satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.DUPLICATES);
            assertThat(r.verdictsByFixture()).containsExactlyEntriesOf(java.util.Map.of("mixed", Verdict.DUPLICATES));
            assertThat(r.reason()).isEqualTo("a | b");
        });
        assertThat(read.row(seed.name(), Statistics.STALE)).isNull();
        assertThat(read.row("jobs.in-subquery.rc", Statistics.FRESH).verdict()).isEqualTo(Verdict.SAFE);
        assertThat(read.row("jobs.in-subquery.rc", Statistics.STALE)).satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.OVERCLAIM);
            assertThat(r.statistics()).containsExactly(Statistics.STALE);
            assertThat(r.reason()).isEqualTo("stale: all rows");
        });
        assertThat(read.rows().get("jobs.cte.rr")).singleElement().satisfies(r -> {
            assertThat(r.statistics()).containsExactly(Statistics.FRESH, Statistics.STALE);
            assertThat(r.verdict()).as("the measured verdict, not the expected one").isEqualTo(Verdict.GROUP_DUPLICATES);
        });
        assertThat(read.expectation("jobs.cte.rr", Statistics.STALE).verdict()).isEqualTo(Verdict.GROUP_DUPLICATES);
    }
}

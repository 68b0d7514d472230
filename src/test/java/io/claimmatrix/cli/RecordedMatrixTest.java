package io.claimmatrix.cli;

import io.claimmatrix.model.Statistics;
import io.claimmatrix.report.Format;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.testing.Results;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --expect reads back what the JSON and Markdown reports write: each result's verdict under each condition. */
class RecordedMatrixTest {

    private final List<VariantResult> results = List.of(
            Results.of("jobs.in-subquery.rc").model("jobs").verdict(Verdict.SAFE).build(),
            Results.of("jobs.in-subquery.rc").model("jobs").statistics(Statistics.STALE).verdict(Verdict.OVERCLAIM).overclaims(3, 100).build(),
            Results.of("jobs.cte.rr").model("jobs").statistics(Statistics.FRESH, Statistics.STALE).verdict(Verdict.GROUP_DUPLICATES).build());
    private final MatrixResult matrix = new MatrixResult("17.7", "embedded",
            new Harness.Settings(4, 2, Fixture.seed(), Duration.ofSeconds(10)), results);

    @Test
    void readsEachFormatsVerdictsUnderEachCondition(@TempDir Path dir) throws Exception {
        for (Format f : List.of(Format.JSON, Format.MARKDOWN)) {
            Path file = Files.writeString(dir.resolve("recorded." + f.name().toLowerCase()), f.render(matrix));

            RecordedMatrix recorded = RecordedMatrix.read(file);

            assertThat(recorded.verdicts()).as(f.name()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                    "jobs.in-subquery.rc [fresh]", Verdict.SAFE,
                    "jobs.in-subquery.rc [stale]", Verdict.OVERCLAIM,
                    "jobs.cte.rr [fresh]", Verdict.GROUP_DUPLICATES,
                    "jobs.cte.rr [stale]", Verdict.GROUP_DUPLICATES));
            VariantResult held = recorded.apply(Results.of("jobs.in-subquery.rc").model("jobs").statistics(Statistics.STALE).build());
            assertThat(held.expectedVerdict()).isEqualTo(Verdict.OVERCLAIM);
            assertThat(held.matchesExpectation()).isFalse();
        }
    }

    @Test
    void aJsonRecordWithoutStatisticsWasMeasuredFresh(@TempDir Path dir) throws Exception {
        Path old = Files.writeString(dir.resolve("old.json"), "{\"variants\": [{\"name\": \"seed\", \"verdict\": \"DUPLICATES\"}]}");

        RecordedMatrix recorded = RecordedMatrix.read(old);

        assertThat(recorded.verdicts()).containsExactly(java.util.Map.entry("seed [fresh]", Verdict.DUPLICATES));
        assertThat(recorded.records(Results.of("seed").statistics(Statistics.STALE).build())).isFalse();
    }
}

package io.claimmatrix.reliability;

import io.claimmatrix.report.VersionComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VersionComparisonTest {

    private static String report(String version, String mode, String... nameVerdict) {
        StringBuilder variants = new StringBuilder();
        for (int i = 0; i < nameVerdict.length; i += 2) {
            variants.append(i == 0 ? "" : ",").append("{\"name\":\"").append(nameVerdict[i]).append("\",\"verdict\":\"")
                    .append(nameVerdict[i + 1]).append("\"}");
        }
        return "{\"postgres\":{\"version\":\"" + version + "\",\"mode\":\"" + mode + "\"},"
                + "\"settings\":{\"workers\":8,\"rounds\":5,\"fixture\":\"generated\"},\"variants\":[" + variants + "]}";
    }

    @Test
    void namesTheVariantsWhoseVerdictDiffers(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("15.json"), report("15.20", "external", "seed", "DUPLICATES", "safe", "SAFE", "racy", "SAFE"));
        Path b = Files.writeString(dir.resolve("17.json"), report("17.7", "embedded", "seed", "DUPLICATES", "safe", "SAFE", "racy", "DUPLICATES", "new", "ABORTS"));

        Cli cli = Cli.run("compare", a.toString(), b.toString());

        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).isEqualTo("""
                Compared 2 runs:
                  [1] PostgreSQL 15.20 (external), 8 workers, 5 rounds, generated fixture: %s
                  [2] PostgreSQL 17.7 (embedded), 8 workers, 5 rounds, generated fixture: %s
                2 result(s) (variant [statistics]) got the same verdict in every run; 2 differ:
                  new [fresh]: [1] not run, [2] ABORTS
                  racy [fresh]: [1] SAFE, [2] DUPLICATES
                """.formatted(a, b));
        assertThat(Cli.run("compare", "--fail-on-difference", a.toString(), b.toString()).exit()).isEqualTo(1);
        assertThat(Cli.run("compare", "--fail-on-difference", a.toString(), a.toString()).exit()).isZero();
    }

    /** A report of today: each entry with its statistics condition(s), the settings with theirs. */
    private static String reportWithStatistics(String version, String... nameStatisticsVerdict) {
        StringBuilder variants = new StringBuilder();
        for (int i = 0; i < nameStatisticsVerdict.length; i += 3) {
            variants.append(i == 0 ? "" : ",").append("{\"name\":\"").append(nameStatisticsVerdict[i]).append("\",\"statistics\":\"")
                    .append(nameStatisticsVerdict[i + 1]).append("\",\"verdict\":\"").append(nameStatisticsVerdict[i + 2]).append("\"}");
        }
        return "{\"postgres\":{\"version\":\"" + version + "\",\"mode\":\"embedded\"},"
                + "\"settings\":{\"workers\":8,\"rounds\":3,\"fixture\":\"generated\",\"items\":null,\"statistics\":null},\"variants\":[" + variants + "]}";
    }

    @Test
    void resultsAreKeyedByNameAndStatisticsAndAnOldReportReadsAsFresh(@TempDir Path dir) throws Exception {
        // 15: before statistics were a condition (fresh); 16 and 17: jobs under each, the seed once for both on 17.
        Path old = Files.writeString(dir.resolve("15.json"), report("15.20", "external", "seed", "DUPLICATES", "jobs.in-subquery.rc", "SAFE"));
        Path pg16 = Files.writeString(dir.resolve("16.json"), reportWithStatistics("16.10",
                "seed", "fresh", "DUPLICATES", "jobs.in-subquery.rc", "fresh", "SAFE", "jobs.in-subquery.rc", "stale", "OVERCLAIM"));
        Path pg17 = Files.writeString(dir.resolve("17.json"), reportWithStatistics("17.7",
                "seed", "fresh, stale", "DUPLICATES", "jobs.in-subquery.rc", "fresh", "SAFE", "jobs.in-subquery.rc", "stale", "SAFE"));

        Cli cli = Cli.run("compare", old.toString(), pg16.toString(), pg17.toString());

        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("[2] PostgreSQL 16.10 (embedded), 8 workers, 3 rounds, generated fixture, each model's statistics: ")
                .contains("2 result(s) (variant [statistics]) got the same verdict in every run; 2 differ:\n"
                        + "  jobs.in-subquery.rc [stale]: [1] not run, [2] OVERCLAIM, [3] SAFE\n"
                        + "  seed [stale]: [1] not run, [2] not run, [3] DUPLICATES\n");
        VersionComparison same = new VersionComparison(java.util.List.of(
                VersionComparison.read("a", reportWithStatistics("17.7", "x", "fresh", "SAFE", "x", "stale", "SAFE")),
                VersionComparison.read("b", reportWithStatistics("17.7", "x", "fresh, stale", "SAFE"))));
        assertThat(same.agreeing()).as("the same verdict under every condition: one line").containsExactly("x [fresh, stale]");
        assertThat(VersionComparison.read("x", Files.readString(old)).verdicts())
                .containsOnlyKeys("seed [fresh]", "jobs.in-subquery.rc [fresh]");
    }

    @Test
    void badReportsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("table.txt"), "PostgreSQL 17.7 (embedded)");
        Path ok = Files.writeString(dir.resolve("ok.json"), report("17.7", "embedded", "seed", "DUPLICATES"));
        Cli.run("compare", notJson.toString(), ok.toString()).failsWith(2, "is not valid JSON");
        Cli.run("compare", dir.resolve("missing.json").toString(), ok.toString()).failsWith(2, "cannot read");
        Cli.run("compare", "{}", ok.toString()).failsWith(2, "cannot read");
        Path odd = Files.writeString(dir.resolve("odd.json"), reportWithStatistics("17.7", "seed", "lukewarm", "SAFE"));
        Cli.run("compare", odd.toString(), ok.toString()).failsWith(2, "variant seed has unknown statistics 'lukewarm'");
        assertThat(VersionComparison.read("x", report("16.10", "embedded")).verdicts()).isEmpty();
    }
}

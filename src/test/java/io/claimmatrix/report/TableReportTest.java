package io.claimmatrix.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal table: a row per result with every invariant's count, readable within 160 columns. */
class TableReportTest {

    @Test
    void oneRowPerResultWithEveryCountTheStatisticsAndTheExpectationWhereItDiffers() {
        String table = TableReport.render(ReportSamples.all());
        List<String> lines = table.lines().toList();

        assertThat(lines.get(0)).isEqualTo("PostgreSQL 17.7 (embedded), 4 workers, 2 rounds; seed: fixture seed (3 accounts); jobs: 100 items");
        int dashes = lines.indexOf(lines.stream().filter(l -> l.startsWith("---")).findFirst().orElseThrow());
        // Too wide for one line of titles: the two-word ones take two.
        assertThat(lines.get(dashes - 2)).containsSubsequence("group", "silent/");
        assertThat(lines.get(dashes - 1)).containsSubsequence("variant", "model", "statistics", "isolation", "verdict", "claims", "dups",
                "dups", "over-claims", "missed", "aborts");
        assertThat(table)
                .containsPattern("jobs\\.in-subquery\\.rc +jobs +fresh +READ COMMITTED +SAFE +300 +0 +– +0 +0/0 +0\n")
                .containsPattern("jobs\\.in-subquery\\.rc +jobs +stale +READ COMMITTED +OVERCLAIM +300 +0 +– +3 \\(max 100\\) +0/0 +0\n")
                .containsPattern("jobs\\.in-subquery\\.ser +jobs +fresh +SERIALIZABLE +INCOMPLETE +290 +0 +– +0 +2/5 +0\n")
                .containsPattern("jobs\\.in-subquery\\.ser +jobs +stale +SERIALIZABLE +ABORTS +300 +0 +– +0 +0/0 +9 \\(23505x2 40001x7\\)\n")
                // Too wide for 160 columns: "(expected X)" goes under its verdict.
                .containsPattern("jobs\\.cte\\.rr +jobs +fresh, stale +REPEATABLE READ +GROUP_DUPLICATES +300 +0 +2 +0 +0/0 +0\n +\\(expected SAFE\\)\n")
                .containsPattern("seed +fresh, stale +REPEATABLE READ +ABORTS +100 +0 +– +0 +0/0 +124 \\(23505x44 40001x80\\)\n");
        // Every line of the table itself fits in 160 columns: the long seed names wrap at their dots.
        List<String> rows = lines.subList(2, dashes + lines.subList(dashes, lines.size()).indexOf(""));
        assertThat(rows).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(TableReport.WIDTH));
        assertThat(table).contains("\ndups           items claimed by two committed transactions in a round\n")
                .contains("\nover-claims    claim statements that returned more rows than their batch (max: the most rows one returned)\n");
    }

    @Test
    void eachResultsReasonFollowsWithItsPlanWhereTheConditionsPlanDifferently() {
        String table = TableReport.render(ReportSamples.all());

        assertThat(table).contains("jobs.in-subquery.rc [stale]: OVERCLAIM. Measured under stale statistics: 3 claim statement(s)")
                .contains("jobs.cte.rr [fresh, stale]: GROUP_DUPLICATES (expected SAFE). Measured: 2 time(s)")
                .contains("    plan under stale statistics: Update on jobs > Nested Loop Semi Join > Seq Scan on jobs > "
                        + "Subquery Scan on \"ANY_subquery\" > Limit > LockRows\n")
                .contains("    plan under fresh statistics: Update on jobs > Hash Semi Join > Seq Scan on jobs > Hash > ");
        // Run once for both: the same plan, nothing to contrast.
        assertThat(table.substring(table.indexOf("jobs.cte.rr [fresh, stale]:")).lines().skip(1).findFirst().orElse(""))
                .doesNotStartWith("    plan");
    }

    @Test
    void whatIsTheSameInEveryRowIsSaidOnceAboveTheTable() {
        String table = TableReport.render(ReportSamples.matrix(List.of(ReportSamples.seed().get(0))));
        List<String> lines = table.lines().toList();

        assertThat(lines.get(1)).isEqualTo("Every result: model seed, statistics fresh");
        assertThat(lines.get(3)).startsWith("variant").contains("silent/missed").doesNotContain("model").doesNotContain("statistics")
                .doesNotContain("group dups"); // the seed has no groups.sql: nothing to count
        assertThat(table).containsPattern("\\(seed\\) +READ COMMITTED +DUPLICATES +100 +3 +0 +0/0 +2 \\(23505x2\\)");
    }

    @Test
    void longNamesWrapAtTheirDots() {
        String name = "inner.lock-accounts+initial+incremental.no-key-update.skip.rc.update-insert.no-recheck.limit1 (inner-lock-all)";

        List<String> lines = TableReport.wrap(name, 40);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
        assertThat(lines.get(0)).isEqualTo("inner.lock-accounts+initial+incremental.");
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).startsWith("  "));
        assertThat(String.join("", lines.stream().map(String::strip).toList()).replace(" ", ""))
                .isEqualTo(name.replace(" ", ""));
        assertThat(Arrays.asList(TableReport.wrap("short", 40).toArray())).containsExactly("short");
    }
}

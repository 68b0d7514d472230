package io.claimmatrix.report;

import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Markdown report as a document: the seed's grid, a section per other model (each shape as SQL, its verdict per
 * isolation × statistics, its plans, why), and the "Every variant" record (ExpectedMatrixTest reads it back).
 */
class MarkdownReportTest {

    @Test
    void theLegendHasEveryVerdictAndTheGridBothVerdictsWhereAVariantsConditionsDiffer() {
        String md = MarkdownReport.render(ReportSamples.all());

        for (Verdict v : Verdict.values()) {
            assertThat(md).contains(MarkdownReport.symbol(v) + " **" + v + "** " + v.meaning());
        }
        String grid = HtmlReportTest.between(md, "## Grid", "\n\n## ");
        assertThat(grid).contains("| left | `FOR UPDATE OF a, init SKIP LOCKED` | update-insert | no | 1 | "
                + "fresh ❌ DUPLICATES · stale ⏱️ TIMEOUT (seed) | ⚠️ ABORTS |  |");
        assertThat(md).contains("Each model under its own conditions: `seed` fresh, `jobs` fresh and stale.")
                .contains("A result marked `fresh, stale` ran once for both");
    }

    @Test
    void eachOtherModelReadsAsADocumentShapeByShape() {
        String md = MarkdownReport.render(ReportSamples.all());
        String jobs = HtmlReportTest.between(md, "## Queue model `jobs`", "\n## Every variant");

        assertThat(jobs).contains("One table of jobs (state, run_at, attempts, locked_by)") // the built-in model's description
                .contains("```sql\nSELECT id FROM jobs WHERE state = 'ready' AND run_at <= now()\n```")
                .contains("Every round starts from 100 items (`fixture.sql`); no groups; measured under fresh and stale statistics.");
        String inSubquery = jobs.substring(jobs.indexOf("### `jobs.in-subquery`"));
        assertThat(inSubquery)
                .contains("| isolation | fresh statistics | stale statistics |\n|---|---|---|\n"
                        + "| READ COMMITTED | ✅ SAFE: 300 claims | 📦 OVERCLAIM: 300 claims, 3 over-claims (up to 100 rows, batch 1) |\n"
                        + "| SERIALIZABLE | 🕳️ INCOMPLETE: 290 claims, 2 silent misses, 5 missed, 1 not claimable yet claimed "
                        + "| ⚠️ ABORTS: 300 claims, 9 aborted (23505x2 40001x7) |\n")
                .contains("The claim statement, at every isolation level:\n\n```sql\n" + ReportSamples.IN_SUBQUERY_SQL + "\n```")
                .contains("Its plan under fresh statistics, at every isolation level (`EXPLAIN (COSTS OFF)`):\n\n```\n"
                        + String.join("\n", ReportSamples.HASH_PLAN) + "\n```")
                .contains("Its plan under stale statistics, at every isolation level (`EXPLAIN (COSTS OFF)`):\n\n```\n"
                        + String.join("\n", ReportSamples.NESTED_LOOP_PLAN) + "\n```")
                .contains("- **READ COMMITTED, stale statistics**: 📦 OVERCLAIM. No expectation recorded (reported, not checked). "
                        + "Measured under stale statistics: 3 claim statement(s) returned more rows than the batch of 1 (the largest 100). "
                        + "Evidence: round 1: w1#1's claim statement returned 100 rows, its batch is 1, committed.");
        String cte = HtmlReportTest.between(jobs, "### `jobs.cte`", "### `jobs.in-subquery`");
        assertThat(cte).contains("| REPEATABLE READ | 👥 GROUP_DUPLICATES (expected SAFE): 300 claims, 2 group duplicates, "
                        + "4 redelivered after the lease (one run for both: same plan) | 👥 GROUP_DUPLICATES (expected SAFE)")
                .contains("Its plan, the same under fresh and stale statistics (`EXPLAIN (COSTS OFF)`):")
                .contains("- **REPEATABLE READ, fresh, stale statistics**: 👥 GROUP_DUPLICATES. **Expected SAFE**: measured 5 times "
                        + "with --rounds 3, both statistics: SAFE each time. Measured: 2 time(s)");
    }

    /** A batch the statement's LIMIT does not say (a -- batch: header) is shown with the statement; one it says is not repeated. */
    @Test
    void aDeclaredBatchIsShownWithTheClaimStatement() {
        VariantResult declared = io.claimmatrix.testing.Results.of("tenant-batch").model("jobs").isolation("READ COMMITTED")
                .sql("select id from jobs limit 5 for update skip locked").batch(3).claims(300).build();
        String md = MarkdownReport.render(ReportSamples.matrix(List.of(declared)));

        assertThat(md).contains("The claim statement (batch 3: the most rows one claim statement may return):\n\n```sql\n"
                + "select id from jobs limit 5 for update skip locked\n```");
        assertThat(MarkdownReport.render(ReportSamples.all())).doesNotContain("(batch 1: the most rows");
    }

    @Test
    void withoutTheSeedThereIsNoGridAndTheIntroNamesTheModels() {
        List<VariantResult> jobs = ReportSamples.jobs();

        String md = MarkdownReport.render(ReportSamples.matrix(jobs));

        assertThat(md).doesNotContain("## Grid").doesNotContain("accounts")
                .contains("Measured on PostgreSQL 17.7 (embedded): 4 workers, 2 rounds per variant; queue model `jobs` (100 items).")
                .contains("## Queue model `jobs`").contains("## Every variant");
    }

    @Test
    void theRecordHasEveryCountAndKeepsTheColumnsExpectedMatrixReads() {
        String md = MarkdownReport.render(ReportSamples.all());
        String table = md.substring(md.indexOf("## Every variant"));

        assertThat(table).contains("| variant | aliases | model | statistics | isolation | verdict | expected | by fixture | claims "
                + "| duplicates | group duplicates | over-claims | silent misses | missed | ineligible | aborts | claims/s | evidence | search | predicted | reason |");
        assertThat(table).contains("| `jobs.in-subquery.rc` |  | jobs | stale | READ COMMITTED | 📦 OVERCLAIM | ? | fixture.sql OVERCLAIM "
                        + "| 300 | 0 | – | 3 (max 100) | 0 | 0 | 0 | 0 | 50.0 | round 1: w1#1's claim statement returned 100 rows, its batch is 1, committed | "
                        + ResultText.search(ReportSamples.STALE_SEARCH) + " | OVERCLAIM (unfenced-limit), agrees |")
                .contains("| **ABORTS (snapshot-conflict), DISAGREES with the measured INCOMPLETE** |");
        assertThat(md).contains(" **Predicted** ABORTS (snapshot-conflict), DISAGREES with the measured INCOMPLETE: At SERIALIZABLE")
                .contains("| `jobs.cte.rr` |  | jobs | fresh, stale | REPEATABLE READ | 👥 GROUP_DUPLICATES | **SAFE** |")
                .contains("were claimed \\| by committed transactions. |");
    }
}

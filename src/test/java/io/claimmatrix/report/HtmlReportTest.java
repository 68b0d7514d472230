package io.claimmatrix.report;

import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Dimensions.Join;
import io.claimmatrix.claim.Dimensions.Lock;
import io.claimmatrix.claim.Dimensions.Strength;
import io.claimmatrix.claim.Dimensions.Table;
import io.claimmatrix.claim.Dimensions.Wait;
import io.claimmatrix.claim.Dimensions.WritePath;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.Fixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's structure from results made up for the purpose (rendering is under test here, not measuring):
 * grouped by dimensions, one cell per variant, non-dimensional strategies apart, nothing fetched, data escaped.
 * HtmlReportBrowserTest opens a real run's report in a browser.
 */
class HtmlReportTest {

    static final Dimensions SEED = new Dimensions(Join.LEFT, Lock.of(Table.ACCOUNTS, Table.INITIAL), Strength.UPDATE, Wait.SKIP,
            Isolation.READ_COMMITTED, WritePath.UPDATE_INSERT, false, 1);

    @Test
    void groupsByDimensionsWithIsolationAsColumnsAndListsTheRestApart() {
        List<VariantResult> variants = List.of(
                variant(SEED, Verdict.DUPLICATES, Verdict.DUPLICATES),
                variant(with(SEED, Isolation.REPEATABLE_READ), Verdict.ABORTS, Verdict.ABORTS),
                variant(with(SEED, Isolation.SERIALIZABLE), Verdict.ABORTS, Verdict.SAFE),
                variant(new Dimensions(Join.INNER, Lock.of(Table.ACCOUNTS, Table.INITIAL, Table.INCREMENTAL), Strength.UPDATE, Wait.SKIP,
                        Isolation.READ_COMMITTED, WritePath.UPDATE_INSERT, false, 1), Verdict.SAFE, Verdict.SAFE),
                plain("sql.<my>&claim", Verdict.DUPLICATES, null));

        String html = HtmlReport.render(result(variants), TimelineSource.NONE);

        assertThat(count(html, "<button type=\"button\" class=\"cell ")).isEqualTo(variants.size());
        String grid = between(html, "<section id=\"matrix\">", "</section>");
        assertThat(grid).contains(">READ COMMITTED</th>", ">REPEATABLE READ</th>", ">SERIALIZABLE</th>");
        // The three seed variants differ only by isolation: one row, three cells.
        assertThat(count(grid, "<td class=\"dim\">left</td>")).isEqualTo(1);
        assertThat(count(grid, "<tr class=\"group\">")).isEqualTo(2);
        assertThat(grid).contains("In every row: strength FOR UPDATE · wait skip · write update-insert · re-check no re-check · limit 1.");
        assertThat(grid).contains("class=\"cell v-aborts differs\"").contains("≠ ABORTS");
        String others = between(html, "<section id=\"other-strategies\">", "</section>");
        assertThat(others).contains("data-variant=\"sql.&lt;my&gt;&amp;claim\"").contains("class=\"cell v-duplicates unchecked\"")
                .doesNotContain("<my>");
        assertThat(html).contains("1 verdict(s) differ from their expectation").contains("1 result(s) have no expectation");
        assertThat(count(between(html, "<section id=\"chart\">", "</section>"), "<g class=\"bar-row\"")).isEqualTo(variants.size());
    }

    @Test
    void theNewVerdictsAreColourCodedAndEachResultIsOneCellWithItsCounts() {
        MatrixResult all = ReportSamples.all();

        String html = HtmlReport.render(all, TimelineSource.NONE);

        String legend = between(html, "<section id=\"legend\"", "</section>");
        for (Verdict v : Verdict.values()) {
            assertThat(legend).contains("<span class=\"chip " + HtmlReport.cls(v) + "\">" + v.name() + " <b>");
            assertThat(html).as("a colour for " + v).contains("." + HtmlReport.cls(v) + " {");
        }
        assertThat(count(html, "<button type=\"button\" class=\"cell ")).isEqualTo(all.variants().size());
        assertThat(html).contains("data-key=\"jobs.in-subquery.rc [stale]\"")
                .contains("class=\"cell v-overclaim unchecked\" data-variant=\"jobs.in-subquery.rc\" data-statistics=\"stale\"")
                .contains("<span class=\"nums\">3 over (max 100)</span>")
                .contains("<span class=\"nums\">2 silent · 5 missed · 1 ineligible</span>")
                .contains("class=\"cell v-group_duplicates differs\"").contains("<span class=\"nums\">2 group dup</span>");
        // The seed's grid holds results under each condition: each cell says its own.
        String grid = between(html, "<section id=\"matrix\">", "</section>");
        assertThat(grid).contains("<span class=\"stats\">fresh</span><span class=\"verdict\">DUPLICATES</span>")
                .contains("<span class=\"stats\">stale</span><span class=\"verdict\">TIMEOUT</span>")
                .contains("<span class=\"stats\">fresh, stale</span><span class=\"verdict\">ABORTS</span>");
        assertThat(html).contains("1 verdict(s) differ from their expectation").contains("4 result(s) have no expectation")
                .contains("8 results of 5 variants measured on PostgreSQL 17.7 (embedded): 4 workers, 2 rounds; "
                        + "seed: fixture seed (3 accounts), fresh statistics; jobs: 100 items, fresh and stale statistics.");
    }

    /** A first run of a user's queue has no expectation at all: it says so, not that every verdict is the expected one. */
    @Test
    void aRunWithNoExpectationSaysSoAndDoesNotCallItsVerdictsExpected() {
        List<VariantResult> unchecked = ReportSamples.jobs().stream().filter(v -> v.expectedVerdict() == null).toList();
        String html = HtmlReport.render(ReportSamples.matrix(unchecked), TimelineSource.NONE);

        assertThat(unchecked).isNotEmpty();
        assertThat(html).contains("No result has an expectation: the verdicts are reported, not checked.")
                .doesNotContain("Every verdict is the expected one").doesNotContain("result(s) have no expectation");
    }

    @Test
    void everyOtherModelHasASectionWithItsShapesByIsolationAndStatisticsAndTheirPlans() {
        String html = HtmlReport.render(ReportSamples.all(), TimelineSource.NONE);

        String jobs = between(html, "<section class=\"model\" id=\"model-jobs\">", "</section>");
        assertThat(jobs).contains("<h2>Queue model <code>jobs</code> <small>5 results, 100 items</small></h2>")
                .contains("One table of jobs (state, run_at, attempts, locked_by)")
                .contains("<pre class=\"sql\">SELECT id FROM jobs WHERE state = &#39;ready&#39; AND run_at &lt;= now()</pre>");
        String inSubquery = jobs.substring(jobs.indexOf("<h3><code>jobs.in-subquery</code></h3>"));
        assertThat(inSubquery).contains("<th scope=\"col\" class=\"iso\">fresh statistics</th><th scope=\"col\" class=\"iso\">stale statistics</th>")
                .contains("<th scope=\"row\" class=\"dim\">READ COMMITTED</th>").contains("<th scope=\"row\" class=\"dim\">SERIALIZABLE</th>")
                .contains("<h4>Plan under fresh statistics</h4><pre class=\"plan\">Update on jobs\n  -&gt;  Hash Semi Join")
                .contains("<h4>Plan under stale statistics</h4><pre class=\"plan\">Update on jobs\n  -&gt;  Nested Loop Semi Join");
        // Run once for both: one cell across both columns, and one plan.
        String cte = between(jobs, "<h3><code>jobs.cte</code></h3>", "<h3><code>jobs.in-subquery</code></h3>");
        assertThat(cte).contains("<td class=\"slot\" colspan=\"2\"><button").contains("<span class=\"stats\">fresh, stale</span>")
                .contains("<h4>Plan, the same under fresh and stale statistics</h4>");
        assertThat(count(between(html, "<section id=\"chart\">", "</section>"), "<g class=\"bar-row\"")).isEqualTo(8);
        assertThat(between(html, "<section id=\"chart\">", "</section>")).contains("<rect class=\"over\"").contains("<rect class=\"group\"")
                .contains("<rect class=\"miss\"").contains("jobs.in-subquery.rc [stale]");
    }

    @Test
    void theDetailsDataCarriesEveryCountAndThePlanUnderEachCondition() {
        String html = HtmlReport.render(ReportSamples.all(), TimelineSource.NONE);
        String open = "<script type=\"application/json\" id=\"claim-matrix-data\">";
        String data = between(html, open, "</script>").substring(open.length());

        assertThat(data).contains("\"key\":\"jobs.in-subquery.rc [stale]\"").contains("\"statistics\":\"fresh, stale\"")
                .contains("\"groupDuplicates\":2,\"overclaims\":0,\"largestClaim\":1")
                .contains("\"overclaims\":3,\"largestClaim\":100,\"silentMisses\":0,\"missedItems\":0,\"ineligibleClaims\":0,\"leaseRedeliveries\":0")
                .contains("\"plans\":{\"fresh\":[\"Update on jobs\",\"  -\\u003e  Hash Semi Join\"")
                .contains("\"stale\":[\"Update on jobs\",\"  -\\u003e  Nested Loop Semi Join\"")
                .contains("\"expectedWhy\":\"measured 5 times with --rounds 3, both statistics: SAFE each time\"");
    }

    @Test
    void isSelfContainedAndItsDataCannotCloseTheScript() {
        String html = HtmlReport.render(result(List.of(plain("x</script><script>alert(1)</script>", Verdict.SAFE, Verdict.SAFE))),
                TimelineSource.NONE);

        assertThat(html).doesNotContainPattern("(?i)<link|@import|url\\(|<img|<iframe")
                .doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//");
        String open = "<script type=\"application/json\" id=\"claim-matrix-data\">";
        String data = between(html, open, "</script>").substring(open.length());
        assertThat(data).doesNotContain("<").contains("x\\u003c/script\\u003e");
        assertThat(count(html, "</script>")).isEqualTo(2);
        assertThat(html).doesNotContain("id=\"matrix\"").contains("<h2>Strategies <small>");
    }

    @Test
    void aTimelineFromTheHookTravelsWithItsVariant() {
        VariantResult v = variant(SEED, Verdict.DUPLICATES, Verdict.DUPLICATES);
        TimelineSource timeline = r -> List.of(new TimelineSource.Event("worker 1", "w1#1 claims acct-00001", 0, 2.5, "committed"));

        String html = HtmlReport.render(result(List.of(v)), timeline);

        assertThat(html).contains("\"timeline\":[{\"lane\":\"worker 1\",\"label\":\"w1#1 claims acct-00001\",\"startMillis\":0.0,\"endMillis\":2.5,\"outcome\":\"committed\"}]");
        assertThat(HtmlReport.render(result(List.of(v)), TimelineSource.NONE)).contains("\"timeline\":null");
    }

    static Dimensions with(Dimensions d, Isolation i) {
        return new Dimensions(d.join(), d.lock(), d.strength(), d.waitPolicy(), i, d.write(), d.recheck(), d.limit());
    }

    private static VariantResult variant(Dimensions d, Verdict verdict, Verdict expected) {
        return result(d.name(), d, d.isolation().sql(), verdict, expected);
    }

    private static VariantResult plain(String name, Verdict verdict, Verdict expected) {
        return result(name, null, "READ COMMITTED", verdict, expected);
    }

    private static VariantResult result(String name, Dimensions d, String isolation, Verdict verdict, Verdict expected) {
        int dups = verdict == Verdict.DUPLICATES ? 12 : 0;
        int aborts = verdict == Verdict.ABORTS ? 5 : 0;
        return io.claimmatrix.testing.Results.result(name, d, isolation, verdict, 100, dups, aborts, Map.of("mixed", verdict),
                List.of("round 1: example"), expected);
    }

    static MatrixResult result(List<VariantResult> variants) {
        return new MatrixResult("17.7", "embedded", new Harness.Settings(4, 2, Fixture.seed(), Duration.ofSeconds(10)), variants);
    }

    static int count(String haystack, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertThat(a).as("contains " + from).isNotNegative();
        return s.substring(a, s.indexOf(to, a));
    }
}

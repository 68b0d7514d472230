package io.claimmatrix.report;

import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.SearchOutcome;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.testing.Results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.claimmatrix.model.Statistics.FRESH;
import static io.claimmatrix.model.Statistics.STALE;

/**
 * Made-up results of a run over the seed and the built-in jobs model, with every new count and condition: what the
 * report tests render (rendering is under test, not measuring).
 */
final class ReportSamples {

    static final String[] HASH_PLAN = {"Update on jobs", "  ->  Hash Semi Join", "        Hash Cond: (jobs.id = \"ANY_subquery\".id)",
            "        ->  Seq Scan on jobs", "        ->  Hash", "              ->  Subquery Scan on \"ANY_subquery\"",
            "                    ->  Limit", "                          ->  LockRows"};
    static final String[] NESTED_LOOP_PLAN = {"Update on jobs", "  ->  Nested Loop Semi Join", "        Join Filter: (jobs.id = \"ANY_subquery\".id)",
            "        ->  Seq Scan on jobs", "        ->  Subquery Scan on \"ANY_subquery\"", "              ->  Limit",
            "                    ->  LockRows"};
    static final String[] CTE_PLAN = {"Update on jobs", "  CTE head", "    ->  Limit", "          ->  LockRows"};
    static final String IN_SUBQUERY_SQL = "update jobs set state = 'running'\nwhere id in (select id from jobs head limit 1 for update skip locked)\nreturning id";

    private ReportSamples() {
    }

    /** The seed at READ COMMITTED: fresh DUPLICATES, stale TIMEOUT (its plans differ); at REPEATABLE READ once for both. */
    static List<VariantResult> seed() {
        Dimensions rc = HtmlReportTest.SEED;
        Dimensions rr = HtmlReportTest.with(rc, Isolation.REPEATABLE_READ);
        return List.of(
                Results.of(rc.name()).aliases("seed").dimensions(rc).verdict(Verdict.DUPLICATES).duplicates(3).aborts("23505", 2)
                        .plan(STALE, "Limit", "  ->  LockRows", "        ->  Nested Loop").expected(Verdict.DUPLICATES, "measured")
                        .byFixture(Map.of("mixed", Verdict.DUPLICATES)).evidence("round 1: item acct-00030 claimed by w8#1 and w6#2, all committed")
                        .reason("Measured under fresh statistics: 3 item(s) claimed by two committed transactions.").build(),
                Results.of(rc.name()).aliases("seed").dimensions(rc).statistics(STALE).verdict(Verdict.TIMEOUT).missed(181)
                        .plan(STALE, "Limit", "  ->  LockRows", "        ->  Nested Loop").expected(Verdict.TIMEOUT, "measured")
                        .reason("Measured: the round deadline (10s) passed in round 1.").build(),
                Results.of(rr.name()).dimensions(rr).isolation("REPEATABLE READ").statistics(FRESH, STALE).verdict(Verdict.ABORTS)
                        .aborts("40001", 80).aborts("23505", 44).plan(STALE, "Limit", "  ->  LockRows").expected(Verdict.ABORTS, "measured")
                        .reason("Measured: 124 claim transaction(s) aborted. Run once for fresh and stale statistics: the claim's plan is the same under both.")
                        .build());
    }

    /**
     * The jobs model: {@code jobs.in-subquery} at READ COMMITTED (fresh SAFE, stale OVERCLAIM: its plans differ) and
     * SERIALIZABLE (fresh INCOMPLETE, stale ABORTS), {@code jobs.cte.rr} once for both (GROUP_DUPLICATES, expected SAFE).
     */
    /** A search outcome that broke the over-claim invariant with one session and agrees with the soak. */
    static final SearchOutcome STALE_SEARCH = new SearchOutcome("2 sessions, up to 2 pauses", Verdict.OVERCLAIM, true, null,
            Map.of("over-claim", "s1begin s1claim s1commit"), Map.of("over-claim", "s1's claim statement returned 41 rows, its batch is 1"),
            List.of("duplicates", "miss"), 12, 30, 1500, true);

    static List<VariantResult> jobs() {
        List<VariantResult> out = new ArrayList<>();
        for (String level : List.of("rc", "ser")) {
            String isolation = Isolation.fromText(level).sql();
            Results.Builder fresh = Results.of("jobs.in-subquery." + level).model("jobs").isolation(isolation).sql(IN_SUBQUERY_SQL)
                    .plan(FRESH, HASH_PLAN).plan(STALE, NESTED_LOOP_PLAN);
            Results.Builder stale = Results.of("jobs.in-subquery." + level).model("jobs").isolation(isolation).sql(IN_SUBQUERY_SQL)
                    .statistics(STALE).plan(FRESH, HASH_PLAN).plan(STALE, NESTED_LOOP_PLAN);
            if (level.equals("rc")) {
                out.add(fresh.claims(300).reason("Measured under fresh statistics: every claimable item claimed exactly once.").build());
                out.add(stale.verdict(Verdict.OVERCLAIM).claims(300).overclaims(3, 100)
                        .predicted(Verdict.OVERCLAIM, "unfenced-limit", "The locking subquery over jobs is rescanned by a Nested Loop.",
                                "fence the locking subquery in a CTE")
                        .evidence("round 1: w1#1's claim statement returned 100 rows, its batch is 1, committed")
                        .search(STALE_SEARCH)
                        .reason("Measured under stale statistics: 3 claim statement(s) returned more rows than the batch of 1 (the largest 100).").build());
            } else {
                out.add(fresh.verdict(Verdict.INCOMPLETE).claims(290).silentMisses(2).missed(5).ineligible(1)
                        .predicted(Verdict.ABORTS, "snapshot-conflict", "At SERIALIZABLE a lock on a changed row fails with 40001.", "retry on 40001")
                        .evidence("round 2: w3#4 found nothing while 5 item(s) were claimable and held by no claim, e.g. 17, 18, 19")
                        .reason("Measured under fresh statistics: 2 silent misses, 5 items missed, 1 item claimed that was not claimable.").build());
                out.add(stale.verdict(Verdict.ABORTS).claims(300).aborts("40001", 7).aborts("23505", 2)
                        .reason("Measured under stale statistics: 9 claim transaction(s) aborted.").build());
            }
        }
        out.add(Results.of("jobs.cte.rr").model("jobs").isolation("REPEATABLE READ").statistics(FRESH, STALE)
                .verdict(Verdict.GROUP_DUPLICATES).claims(300).groupDuplicates(2).redeliveries(4).plan(FRESH, CTE_PLAN).plan(STALE, CTE_PLAN)
                .sql("with head as (select id from jobs limit 1 for update skip locked) update jobs set state = 'running' from head returning id")
                .expected(Verdict.SAFE, "measured 5 times with --rounds 3, both statistics: SAFE each time")
                .evidence("round 1: group acme had items 4, 9 claimed by w1#1 and w2#1, all committed")
                .reason("Measured: 2 time(s) two items of one exclusive group were claimed | by committed transactions.").build());
        return out;
    }

    static MatrixResult matrix(List<VariantResult> results) {
        return new MatrixResult("17.7", "embedded", new Harness.Settings(4, 2, Fixture.seed(), Duration.ofSeconds(10)), results);
    }

    static MatrixResult matrix(List<VariantResult> results, List<Statistics> statistics) {
        return new MatrixResult("17.7", "embedded", new Harness.Settings(4, 2, Fixture.seed(), Duration.ofSeconds(10)).withStatistics(statistics), results);
    }

    static MatrixResult all() {
        List<VariantResult> all = new ArrayList<>(seed());
        all.addAll(jobs());
        return matrix(all);
    }
}

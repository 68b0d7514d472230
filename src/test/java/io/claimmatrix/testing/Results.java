package io.claimmatrix.testing;

import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Oracle;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hand-made results for report and listener tests: a result as a measured run would give it, with the counts given. */
public final class Results {

    private Results() {
    }

    /** A seed-model result under fresh statistics. */
    public static VariantResult result(String name, Dimensions d, String isolation, Verdict verdict, int claims, int duplicates,
                                       int aborts, Map<String, Verdict> byFixture, List<String> evidence, Verdict expected) {
        Builder b = of(name).dimensions(d).isolation(isolation).verdict(verdict).claims(claims).duplicates(duplicates)
                .byFixture(byFixture).evidence(evidence.toArray(String[]::new)).expected(expected, expected == null ? null : "measured");
        return (aborts > 0 ? b.aborts("40001", aborts) : b).build();
    }

    /**
     * A result to fill in: by default a SAFE seed result under fresh statistics at READ COMMITTED, batch 1, 100 claims,
     * planned under fresh statistics only, no expectation.
     */
    public static Builder of(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private List<String> aliases = List.of();
        private String model = QueueModel.SEED;
        private Dimensions dimensions;
        private String isolation = "READ COMMITTED";
        private List<Statistics> statistics = List.of(Statistics.FRESH);
        private final Map<Statistics, List<String>> plans = new LinkedHashMap<>(Map.of(Statistics.FRESH, List.of("Limit", "  ->  LockRows")));
        private String fixture = "generated";
        private Integer batch = 1;
        private Verdict verdict = Verdict.SAFE;
        private int claims = 100, duplicates, groupDuplicates, overclaims, largest = 1, missed, silent, ineligible, redeliveries;
        private final Map<String, Integer> aborts = new TreeMap<>();
        private final List<String> evidence = new ArrayList<>();
        private Map<String, Verdict> byFixture;
        private String reason = "a reason";
        private String sql = "SELECT 1";
        private Verdict expected;
        private String why;
        private Verdict whenRaced;
        private io.claimmatrix.run.SearchOutcome search;
        private io.claimmatrix.predict.Prediction prediction;

        private Builder(String name) {
            this.name = name;
        }

        public Builder aliases(String... a) {
            aliases = List.of(a);
            return this;
        }

        /** A model other than the seed; its results have no dimensions and {@code fixture.sql} rows. */
        public Builder model(String m) {
            model = m;
            fixture = m.equals(QueueModel.SEED) ? "generated" : "fixture.sql";
            return this;
        }

        public Builder dimensions(Dimensions d) {
            dimensions = d;
            return this;
        }

        public Builder isolation(String i) {
            isolation = i;
            return this;
        }

        /** The conditions the result stands for: one, or both when it ran once. */
        public Builder statistics(Statistics... s) {
            statistics = List.of(s);
            return this;
        }

        /** The claim statement's plan under a condition (EXPLAIN lines). */
        public Builder plan(Statistics s, String... lines) {
            plans.put(s, List.of(lines));
            return this;
        }

        public Builder batch(Integer b) {
            batch = b;
            return this;
        }

        public Builder verdict(Verdict v) {
            verdict = v;
            return this;
        }

        public Builder claims(int n) {
            claims = n;
            return this;
        }

        public Builder duplicates(int n) {
            duplicates = n;
            return this;
        }

        public Builder groupDuplicates(int n) {
            groupDuplicates = n;
            return this;
        }

        /** {@code n} claim statements returned more than the batch, the largest {@code largestClaim} rows. */
        public Builder overclaims(int n, int largestClaim) {
            overclaims = n;
            largest = largestClaim;
            return this;
        }

        public Builder aborts(String sqlState, int n) {
            aborts.merge(sqlState, n, Integer::sum);
            return this;
        }

        public Builder silentMisses(int n) {
            silent = n;
            return this;
        }

        public Builder missed(int n) {
            missed = n;
            return this;
        }

        public Builder ineligible(int n) {
            ineligible = n;
            return this;
        }

        public Builder redeliveries(int n) {
            redeliveries = n;
            return this;
        }

        public Builder evidence(String... e) {
            evidence.addAll(List.of(e));
            return this;
        }

        public Builder byFixture(Map<String, Verdict> m) {
            byFixture = m;
            return this;
        }

        public Builder reason(String r) {
            reason = r;
            return this;
        }

        public Builder sql(String s) {
            sql = s;
            return this;
        }

        public Builder expected(Verdict v, String reasonWhy) {
            expected = v;
            why = reasonWhy;
            return this;
        }

        /** The verdict the expectation accepts instead when a run hits its race ({@code Expectation.orWhenRaced}). */
        public Builder orWhenRaced(Verdict v) {
            whenRaced = v;
            return this;
        }

        /** The interleaving search's outcome beside the soak's verdict. */
        public Builder search(io.claimmatrix.run.SearchOutcome outcome) {
            search = outcome;
            return this;
        }

        /** The verdict predicted before the run, beside the measured one. */
        public Builder predicted(io.claimmatrix.run.Verdict v, String rule, String reason, String fix) {
            prediction = new io.claimmatrix.predict.Prediction(statistics.get(0), v, rule, reason, fix);
            return this;
        }

        public VariantResult build() {
            int aborted = aborts.values().stream().mapToInt(Integer::intValue).sum();
            Oracle.Tally tally = new Oracle.Tally(claims, duplicates, groupDuplicates, overclaims, Math.max(largest, claims > 0 ? 1 : 0),
                    aborted, aborts, missed, silent, ineligible, redeliveries, 0, evidence);
            Map<String, Verdict> fixtures = byFixture != null ? byFixture : Map.of(fixture, verdict);
            return new VariantResult(name, aliases, "a strategy", model, dimensions, isolation, statistics, plans, fixture, batch, verdict, tally,
                    fixtures, 2, 4, 50.0, 300, null, reason, sql, expected, why, whenRaced, search, prediction);
        }
    }
}

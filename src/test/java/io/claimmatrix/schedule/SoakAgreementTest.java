package io.claimmatrix.schedule;

import io.claimmatrix.model.ModelFixture;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Dimensions.Join;
import io.claimmatrix.claim.Dimensions.Lock;
import io.claimmatrix.claim.Dimensions.Strength;
import io.claimmatrix.claim.Dimensions.Table;
import io.claimmatrix.claim.Dimensions.Wait;
import io.claimmatrix.claim.Dimensions.WritePath;
import io.claimmatrix.claim.ComposedClaim;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.Oracle;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not part of {@code mvn verify}: over a seeded sample of the whole dimension space (composed here,
 * independent of the catalogue), does every variant the soak finds DUPLICATES have a schedule that commits one, no
 * variant the soak finds SAFE, and does every ABORTS variant abort in some schedule without a duplicate? About 10
 * minutes for 150 variants on the 2-core machine (the soak dominates):
 * <pre>mvn verify -Dgroups=soak -DexcludedGroups= -Dtest=SoakAgreementTest -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dclaimmatrix.sample=150 -Dclaimmatrix.rounds=6]</pre>
 * The last result is quoted in docs/interleavings.md.
 */
@Tag("soak")
class SoakAgreementTest {

    @Test
    void schedulesAgreeWithTheSoak() throws Exception {
        int sample = Integer.getInteger("claimmatrix.sample", 150);
        var db = TestDatabase.get();
        // The CLI's soak (8 workers, 300 generated accounts), two rounds per fixture shape, MatrixTest's 5 s round deadline.
        Harness.Settings soak = new Harness.Settings(Harness.Settings.DEFAULT_WORKERS, Integer.getInteger("claimmatrix.rounds", 6),
                Fixture.generated(Fixture.DEFAULT_GENERATED_ACCOUNTS, Fixture.DEFAULT_GENERATED_SEED), Duration.ofSeconds(5));
        List<String> disagreements = new ArrayList<>();
        try (ModelSchema schema = ModelSchema.seed(db.jdbcUrl(), db.user(), db.password(), Fixture.seed());
             Harness harness = new Harness(schema, soak);
             ScheduleRunner runner = ScheduleRunner.open(db)) {
            for (ComposedClaim variant : sample(sample, 7)) {
                VariantResult measured = Oracle.judge(harness.run(variant));
                List<ScheduleResult> results = new ArrayList<>();
                for (ModelFixture f : runner.fixtures(variant)) {
                    for (Schedule s : Schedules.named()) {
                        results.add(runner.run(variant, s, f));
                    }
                }
                boolean duplicate = results.stream().anyMatch(r -> r.outcome() == Outcome.DUPLICATE);
                boolean abort = results.stream().anyMatch(r -> r.outcome() == Outcome.ABORT);
                String flag = switch (measured.verdict()) {
                    case DUPLICATES -> duplicate ? "ok" : "MISSING";
                    case SAFE -> duplicate ? "EXTRA" : "ok";
                    case ABORTS -> duplicate || !abort ? "ABORTS?" : "ok";
                    default -> "ok";
                };
                String line = String.format("%-7s %-80s soak %-10s schedules: %s", flag, variant.name(), measured.verdict(), Explanation.summary(results));
                System.out.println(line);
                if (!flag.equals("ok")) {
                    disagreements.add(line);
                }
            }
        }
        assertThat(disagreements).as("variants where the schedules and the soak disagree").isEmpty();
    }

    /** A seeded sample of every combination of dimensions: two thirds READ COMMITTED, where duplicates live. */
    static List<ComposedClaim> sample(int size, long seed) {
        List<Lock> locks = List.of(Lock.NONE, Lock.ALL, Lock.of(Table.ACCOUNTS), Lock.of(Table.ACCOUNTS, Table.INITIAL),
                Lock.of(Table.ACCOUNTS, Table.INCREMENTAL), Lock.of(Table.ACCOUNTS, Table.INITIAL, Table.INCREMENTAL),
                Lock.of(Table.INCREMENTAL));
        Map<String, ComposedClaim> all = new LinkedHashMap<>();
        for (Join j : Join.values()) {
            for (Lock l : locks) {
                for (Strength s : Strength.values()) {
                    for (Wait w : Wait.values()) {
                        for (Isolation i : Isolation.values()) {
                            for (WritePath wp : WritePath.values()) {
                                for (boolean recheck : new boolean[]{false, true}) {
                                    for (int limit : new int[]{1, 3}) {
                                        boolean none = l.kind() == Lock.Kind.NONE;
                                        Dimensions d = new Dimensions(j, l, none ? Strength.UPDATE : s, none ? Wait.SKIP : w, i, wp, recheck, limit);
                                        all.putIfAbsent(d.name(), new ComposedClaim(d));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        List<ComposedClaim> shuffled = new ArrayList<>(all.values());
        Collections.shuffle(shuffled, new Random(seed));
        List<ComposedClaim> rc = shuffled.stream().filter(c -> c.isolation() == Isolation.READ_COMMITTED).toList();
        List<ComposedClaim> other = shuffled.stream().filter(c -> c.isolation() != Isolation.READ_COMMITTED).toList();
        List<ComposedClaim> chosen = new ArrayList<>(rc.subList(0, Math.min(rc.size(), size * 2 / 3)));
        chosen.addAll(other.subList(0, Math.min(other.size(), size - chosen.size())));
        return chosen;
    }
}

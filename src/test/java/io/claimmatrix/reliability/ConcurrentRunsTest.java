package io.claimmatrix.reliability;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runs against one database at the same time: each works in its own schema, so each measures exactly what it
 * would measure alone. Both are held at their first variant until both have created their schemas, so they
 * really overlap.
 */
@Timeout(120)
class ConcurrentRunsTest {

    @Test
    void twoRunsOnOneDatabaseDoNotInterfere() throws Exception {
        DatabaseTarget db = TestDatabase.get();
        // inner-lock-all was measured SAFE (MatrixTest): any row of the other run it saw would show as a missed,
        // ineligible or duplicate claim, or as a claim count that is not eligible accounts x rounds.
        List<ClaimStrategy<?>> variants = StrategyCatalogue.discover().select("inner-lock-all,seed");
        Fixture fixture = Fixture.generated(60, 7);
        var settings = new Harness.Settings(4, 3, fixture, Duration.ofSeconds(60));
        List<Integer> schemasWhileBothRan = new ArrayList<>();
        CyclicBarrier bothStarted = new CyclicBarrier(2, () -> schemasWhileBothRan.add(kitSchemas(db)));
        MatrixRunner.Listener overlap = new MatrixRunner.Listener() {
            @Override
            public void started(int total) {
                try {
                    bothStarted.await(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other run never started", e);
                }
            }
        };

        var first = CompletableFuture.supplyAsync(() -> run(db, variants, settings, overlap));
        var second = CompletableFuture.supplyAsync(() -> run(db, variants, settings, overlap));
        for (MatrixRunner.MatrixResult result : List.of(first.get(90, TimeUnit.SECONDS), second.get(90, TimeUnit.SECONDS))) {
            VariantResult safe = result.variants().get(0);
            assertThat(safe.verdict()).as(safe.reason()).isEqualTo(Verdict.SAFE);
            assertThat(safe.committedClaims()).isEqualTo(fixture.eligibleIds().size() * settings.rounds());
            for (VariantResult v : result.variants()) {
                assertThat(v.ineligibleClaims()).as("%s claimed an account that is not in its fixture", v.name()).isZero();
                assertThat(v.missedItems()).as("%s missed accounts", v.name()).isZero();
            }
        }
        assertThat(schemasWhileBothRan).as("run schemas while both ran").containsExactly(2);
        assertThat(kitSchemas(db)).as("run schemas after both").isZero();
    }

    private static MatrixRunner.MatrixResult run(DatabaseTarget db, List<ClaimStrategy<?>> variants, Harness.Settings settings,
                                                 MatrixRunner.Listener listener) {
        try {
            return MatrixRunner.run(db, variants, settings, listener);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int kitSchemas(DatabaseTarget db) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + RunSchema.PREFIX + "%'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

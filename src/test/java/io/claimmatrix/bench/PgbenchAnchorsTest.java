package io.claimmatrix.bench;

import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.Jooq;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The anchors run for real on tiny inputs: the seed race test's reset gives the kit's seed fixture, its driver returns
 * a count per round, and a throughput script claims exactly the transactions pgbench ran. The pgbench parts skip,
 * saying so, where pgbench is not installed.
 */
class PgbenchAnchorsTest {

    private static final String NO_PGBENCH = "pgbench (PostgreSQL's client tools) is not installed: "
            + "apt-get install -y postgresql-client (or the server package where pgbench lives there)";

    @Test
    void resetScriptLoadsTheSameRowsAsTheKitsSeedFixture() throws Exception {
        DatabaseTarget db = TestDatabase.get();
        List<String> fromScript, fromFixture;
        try (RunSchema schema = ModelSchema.seed(db.jdbcUrl(), db.user(), db.password(), Fixture.seed()).schema(); Connection c = schema.connect();
             Statement s = c.createStatement()) {
            s.execute(PgbenchScripts.anchor("seed-race-setup.sql"));
            s.execute(PgbenchScripts.anchor("seed-race-reset.sql"));
            fromScript = rows(c);
            Fixture.seed().load(Jooq.dsl(c));
            fromFixture = rows(c);
        }
        assertThat(fromScript).as("bench/seed-race-reset.sql is Fixture.seed()").hasSize(3).isEqualTo(fromFixture);
    }

    @Test
    void seedRaceDriverCountsCommittedClaimsPerRound(@TempDir Path dir) throws Exception {
        Pgbench.Connector pgbench = connector();
        PgbenchScripts.extractAnchors(dir);

        SeedRaceAnchor.Result r = SeedRaceAnchor.run(TestDatabase.get(), pgbench, dir, 2, 4, line -> { });

        assertThat(r.rounds()).hasSize(2);
        for (SeedRaceAnchor.Round round : r.rounds()) {
            // Two accounts are eligible: some claim commits; a duplicate is a claim beyond the first of an account.
            assertThat(round.committed()).as("committed claims in round %d", round.index()).isBetween(1, 4);
            assertThat(round.duplicates()).isLessThan(round.committed());
        }
    }

    @Test
    void throughputScriptsClaimOneAccountPerTransaction(@TempDir Path dir) throws Exception {
        Pgbench.Connector pgbench = connector();
        DatabaseTarget db = TestDatabase.get();
        var variant = StrategyCatalogue.discover().select("inner-lock-all").get(0);
        Fixture present = Fixture.generated(100, Fixture.DEFAULT_GENERATED_SEED).shaped(Fixture.Shape.PRESENT);
        try (RunSchema schema = ModelSchema.seed(db.jdbcUrl(), db.user(), db.password(), Fixture.seed()).schema()) {
            Pgbench pg = pgbench.connect(schema.name());
            for (PgbenchScripts.Form form : PgbenchScripts.Form.values()) {
                PgbenchScripts.Script script = PgbenchScripts.throughput(variant, form);
                Path file = dir.resolve(form.code + ".sql");
                Files.writeString(file, script.text(), StandardCharsets.UTF_8);
                long before;
                try (Connection c = schema.connect()) {
                    present.load(Jooq.dsl(c));
                    before = pending(c);
                }

                Pgbench.Result r = pg.throughput(file, 2, 5, script.options());

                assertThat(r.exitCode()).as("pgbench %s:%n%s", form, r.output()).isZero();
                assertThat(r.processed()).isEqualTo(10);
                assertThat(r.failed()).isZero();
                try (Connection c = schema.connect()) {
                    assertThat(pending(c) - before).as("accounts claimed by the %s script", form).isEqualTo(10);
                }
            }
        }
    }

    private static Pgbench.Connector connector() {
        var binary = Pgbench.find(null);
        assumeTrue(binary.isPresent(), NO_PGBENCH);
        DatabaseTarget db = TestDatabase.get();
        return new Pgbench.Connector(binary.get(), db.jdbcUrl(), db.user(), db.password());
    }

    /** Each account with its age in whole minutes and its imports: what eligibility depends on. */
    private static List<String> rows(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT a.id, round(extract(epoch FROM now() - a.last_updated) / 60), init.status, incr.status
                FROM accounts a JOIN imports init ON init.account_id = a.id AND init.kind = 'initial'
                LEFT JOIN imports incr ON incr.account_id = a.id AND incr.kind = 'incremental' ORDER BY a.id""")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        return out;
    }

    private static long pending(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM imports WHERE kind = 'incremental' AND status = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

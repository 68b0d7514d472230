package io.claimmatrix.reliability;

import io.claimmatrix.cli.Main;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code --queue DIR} the user got wrong: each mistake is one line naming the file and line, exit 2, nothing measured
 * and no run schema left behind. The starting point is examples/queues/jobs, which runs; each case breaks one thing.
 */
class BadQueueTest {

    private static final int USAGE = Main.USAGE;

    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void copyTheExample() throws IOException {
        copy(Path.of("examples/queues/jobs"), dir);
        url = TestDatabase.get().jdbcUrl();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private Cli matrix() {
        return Cli.run("matrix", "--queue", dir.toString(), "--db-url", url, "--rounds", "1");
    }

    private Path replace(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertThat(text).as("the example's %s holds '%s'", file, from).contains(from);
        Files.writeString(p, text.replace(from, to));
        return p;
    }

    @Test
    void aSchemaLiquibaseRefusesIsNamedWithItsLine() throws Exception {
        Path schema = replace("schema.sql", "locked_by text", "locked_by txet");
        matrix().failsWith(USAGE, schema + ":7: Liquibase could not apply the changelog", "type \"txet\" does not exist");
        assertNoSchemaLeft();
    }

    @Test
    void aYamlChangelogThatDoesNotParseIsNamed() throws Exception {
        Files.delete(dir.resolve("schema.sql"));
        Path changelog = Files.writeString(dir.resolve("changelog.yaml"), "databaseChangeLog:\n  - changeSet: { id: 1, author: me\n");
        matrix().failsWith(USAGE, changelog + ":", "Liquibase could not apply the changelog");
    }

    @Test
    void twoSchemasAreOneTooMany() throws Exception {
        Path changelog = Files.writeString(dir.resolve("changelog.yaml"), "databaseChangeLog: []\n");
        matrix().failsWith(USAGE, "a model has one schema", "schema.sql");
        assertThat(changelog).exists();
    }

    @Test
    void aFixtureBreakingAConstraintIsNamedWithItsLine() throws Exception {
        Path fixture = replace("fixture.sql", "SELECT 'ready'", "SELECT 'waiting'");
        matrix().failsWith(USAGE, fixture + ":3: the fixture does not load", "jobs_state_check", "23514");
        assertNoSchemaLeft();
    }

    @Test
    void aFixtureStatementAfterOthersIsNamedWithItsOwnLine() throws Exception {
        Path fixture = replace("fixture.sql", "INSERT INTO jobs (state) SELECT 'ready' FROM generate_series(1, :items);",
                "INSERT INTO jobs (state) SELECT 'ready' FROM generate_series(1, :items);\nINSERT INTO jobs (state) VALUES ('ready');\n"
                        + "INSERT INTO jobs (state) VALUES ('lost');");
        matrix().failsWith(USAGE, fixture + ":5: the fixture does not load", "jobs_state_check", "23514");
        assertNoSchemaLeft();
    }

    @Test
    void aClaimableQueryThatFailsIsNamedWithItsLine() throws Exception {
        Path claimable = replace("claimable.sql", "run_at <= now()", "run_at <= nowish()");
        matrix().failsWith(USAGE, claimable + ":3: the query fails", "nowish");
    }

    @Test
    void aClaimableQueryWithoutAKeyColumnIsNamed() throws Exception {
        Path claimable = replace("claimable.sql", "SELECT id FROM jobs", "SELECT FROM jobs");
        matrix().failsWith(USAGE, claimable + ":3: the claimable query returns no column");
    }

    @Test
    void aStrategyNamingATableTheModelLacksIsNamedWithItsLine() throws Exception {
        Path claim = replace("claim-cte.sql", "UPDATE jobs SET", "UPDATE job SET");
        matrix().failsWith(USAGE, claim + ":10: PostgreSQL cannot run this against model", "relation \"job\" does not exist");
        assertNoSchemaLeft();
    }

    /**
     * A composite key returned in another order: (task_no, tenant_id) would read each claimed task as another task, and
     * the run would report claims of items that are not claimable. (Found by a new user's try: no error, INCOMPLETE.)
     */
    @Test
    void aCompositeKeyReturnedInAnotherOrderIsNamedWithItsLine(@TempDir Path tasks) throws Exception {
        copy(Path.of("src/test/resources/predict-queues/tenant-tasks"), tasks);
        Path claim = tasks.resolve("tenant-lock.sql");
        String text = Files.readString(claim);
        assertThat(text).contains("RETURNING tasks.tenant_id, tasks.task_no;");
        Files.writeString(claim, text.replace("RETURNING tasks.tenant_id, tasks.task_no;", "RETURNING tasks.task_no, tasks.tenant_id;"));
        int line = (int) text.lines().takeWhile(l -> !l.startsWith("WITH t AS")).count() + 1;
        Cli.run("matrix", "--queue", tasks.toString(), "--db-url", url, "--rounds", "1").failsWith(USAGE, claim + ":" + line
                + ": the claim statement returns the key as (task_no, tenant_id), but the model's key is (tenant_id, task_no)");
        assertNoSchemaLeft();
    }

    /** Nothing runs until all input is valid: a broken strategy file is bad input even when --variants leaves it out. */
    @Test
    void aBrokenStrategyTheVariantsLeaveOutStillStopsTheRun() throws Exception {
        Path claim = replace("claim-cte.sql", "UPDATE jobs SET", "UPDATE job SET");
        Cli.run("matrix", "--queue", dir.toString(), "--db-url", url, "--rounds", "1", "--variants", "claim-in-subquery")
                .failsWith(USAGE, claim + ":10: PostgreSQL cannot run this against model", "relation \"job\" does not exist");
        assertNoSchemaLeft();
    }

    @Test
    void aBatchThatIsNotAPositiveNumberIsNamedWithItsLine() throws Exception {
        Path claim = replace("claim-cte.sql", "-- isolation: read committed", "-- isolation: read committed\n-- batch: 0");
        matrix().failsWith(USAGE, claim + ":3: 'batch' must be a positive whole number, not '0'");
    }

    @Test
    void aGroupsQueryOfTheWrongShapeIsNamed() throws Exception {
        Path groups = Files.writeString(dir.resolve("groups.sql"), "SELECT id FROM jobs");
        matrix().failsWith(USAGE, groups + ":1: the groups query returns 1 column(s); it returns the key (1 column(s), as claimable.sql) and then the group key");
    }

    @Test
    void aMissingFixtureIsNamed() throws Exception {
        Files.delete(dir.resolve("fixture.sql"));
        matrix().failsWith(USAGE, dir.resolve("fixture.sql") + ":1: missing: fixture.sql inserts the rows every round starts from");
    }

    @Test
    void aDirectoryWithoutStrategiesIsNamed() throws Exception {
        Files.delete(dir.resolve("claim-cte.sql"));
        Files.delete(dir.resolve("claim-in-subquery.sql"));
        matrix().failsWith(USAGE, dir + ": no strategy");
    }

    @Test
    void aQueueThatIsNoDirectoryIsNamed() {
        Cli.run("matrix", "--queue", dir.resolve("nope").toString()).failsWith(USAGE, "nope: not a directory");
    }

    @Test
    void listTakesTheQueueWithoutADatabase() {
        Cli r = Cli.run("list", "--queue", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("claim-cte").contains("claim-in-subquery").contains("model " + dir.getFileName());
    }

    /** The failed run dropped the schema it made: none of the kit's schemas is left on the server. */
    private void assertNoSchemaLeft() throws SQLException {
        var db = TestDatabase.get();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'claim\\_matrix\\_%' "
                             + "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'claim-matrix%' AND pid <> pg_backend_pid())")) {
            rs.next();
            assertThat(rs.getInt(1)).as("run schemas left behind").isZero();
        }
    }
}

package io.claimmatrix.junit;

import io.claimmatrix.db.ContainerDatabase;
import io.claimmatrix.run.Verdict;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import testvariants.junit.HeadCteClaim;
import testvariants.junit.HeadInSubqueryClaim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.claimmatrix.junit.ClaimResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension as a project meets it: test classes written the way a team writes them (the static classes below,
 * run here through JUnit's EngineTestKit, never by Surefire itself), their runs, names, failure messages and reports.
 * Each run is small (4 workers, 1 round): the extension is under test, not the strategies.
 */
class ClaimMatrixExtensionTest {

    static final String REPORTS = "target/claim-matrix-junit";

    @ClaimMatrix(changelog = "models/jobs/changelog.yaml", fixture = "junit-queue/jobs-rows.sql", claimable = "junit-queue/ready-jobs.sql",
            strategies = {HeadInSubqueryClaim.class, HeadCteClaim.class}, workers = 4, rounds = 1, reportDirectory = REPORTS)
    static class Jobs {

        @ClaimTest
        void neverClaimsAJobTwice(ClaimResult result) {
            assertThat(result).hasNoDuplicates().claimsOnlyClaimableItems();
        }

        @ClaimTest
        void neverClaimsMoreThanItsBatch(ClaimResult result) {
            assertThat(result).neverClaimsMoreThanItsBatch();
        }

        @ClaimTest(HeadInSubqueryClaim.class)
        void overclaimsOnlyUnderStaleStatistics(ClaimResult result) {
            assertThat(result).under(io.claimmatrix.model.Statistics.FRESH).isSafe();
            assertThat(result).under(io.claimmatrix.model.Statistics.STALE).hasVerdict(Verdict.OVERCLAIM);
        }
    }

    @Test
    void eachStrategyIsOneRunNamedAfterItsVerdictsAndMeasuredOncePerClass() throws Exception {
        EngineExecutionResults results = run(Jobs.class, Map.of());

        results.testEvents().assertStatistics(s -> s.started(5).succeeded(4).failed(1));
        List<String> names = results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertThat(names).containsExactlyInAnyOrder(
                "jobs.head-in-subquery: SAFE (fresh), OVERCLAIM (stale)", "jobs.head-cte: SAFE (fresh, stale)",
                "jobs.head-in-subquery: SAFE (fresh), OVERCLAIM (stale)", "jobs.head-cte: SAFE (fresh, stale)",
                "jobs.head-in-subquery: SAFE (fresh), OVERCLAIM (stale)");

        String message = failure(results.testEvents().failed().stream().findFirst().orElseThrow());
        assertThat(message)
                .startsWith("Expecting jobs.head-in-subquery never to claim more than its batch (no claim statement returns more rows than its batch),\n"
                        + "but under stale statistics the soak counted ")
                .contains("jobs.head-in-subquery [stale statistics]: OVERCLAIM (one claim statement returned more rows than its batch)")
                .contains("counts: ", "over-claims (batch 1, largest claim ")
                .contains("evidence:", "its batch is 1, committed")
                .contains("plan under stale statistics", "Nested Loop")
                // The prediction from the stale plan, as matrix prints it: the rule, whether it agrees, and the fix.
                .contains("predicted from the plan: OVERCLAIM (unfenced-limit), agrees", "Fix: ")
                .contains("interleaving search (2 sessions", "OVERCLAIM        VIOLATED in ")
                .contains("(fixture jobs-rows.sql)") // the file @ClaimMatrix names, not "fixture.sql"
                .contains("outcome: over-claim: s1claim's claim statement returned")
                .contains("the shortest counterexample of OVERCLAIM", "| s1", "starting permutation: s1begin s1claim")
                .contains("Under fresh statistics it held (SAFE).");

        // One measurement per strategy for the whole class, however many methods ran it: the report has each once.
        Path json = Path.of(REPORTS, "ClaimMatrixExtensionTest.Jobs.json");
        String report = Files.readString(json);
        assertThat(report.split("\"name\" : \"jobs.head-in-subquery\"", -1)).hasSize(3); // fresh and stale, though 3 methods ran it
        assertThat(report.split("\"name\" : \"jobs.head-cte\"", -1)).hasSize(3);
        assertThat(report).contains("\"rule\" : \"unfenced-limit\""); // the stale result's prediction, in the report too
        assertThat(Path.of(REPORTS, "ClaimMatrixExtensionTest.Jobs.md")).content()
                .contains("jobs.head-in-subquery", "OVERCLAIM", "its batch is 1, committed");
        assertThat(Path.of(REPORTS, "ClaimMatrixExtensionTest.Jobs.html")).exists();
    }

    @ClaimMatrix(changelog = "models/jobs/changelog.yaml", fixture = "junit-queue/jobs-rows.sql",
            claimable = "junit-queue/unnamed-ready-jobs.sql", strategies = HeadCteClaim.class, reportDirectory = "")
    static class Unnamed {
    }

    /** A model with no "-- name:" is named after the table its claimable query reads, not after a resource folder. */
    @Test
    void aModelWithoutANameTakesTheTableItsClaimableQueryReads() {
        ClassRun run = ClassRun.read(Unnamed.class, Unnamed.class.getAnnotation(ClaimMatrix.class));
        assertThat(run.model().name()).isEqualTo("jobs");
    }

    @ClaimMatrix(changelog = "models/jobs/changelog.yaml", fixture = "junit-queue/no-such-rows.sql", claimable = "junit-queue/ready-jobs.sql",
            strategies = HeadCteClaim.class, reportDirectory = "")
    static class MissingFixture {
        @ClaimTest
        void runs(ClaimResult result) {
        }
    }

    @Test
    void aFileThatIsNotThereFailsTheClassNamingTheAnnotationAndWhereItLooked() {
        EngineExecutionResults results = run(MissingFixture.class, Map.of());
        Event failed = results.containerEvents().failed().stream().findFirst().orElseThrow();
        assertThat(failure(failed)).isEqualTo("@ClaimMatrix(fixture = \"junit-queue/no-such-rows.sql\") of " + MissingFixture.class.getName()
                + ": no such classpath resource (a name as ClassLoader.getResource takes it, e.g. db/changelog/jobs.yaml from "
                + "src/main/resources; a file path starts with file:)");
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @ClaimMatrix(changelog = "file:src/main/resources/models/jobs/changelog.yaml", fixture = "junit-queue/broken-rows.sql",
            claimable = "junit-queue/ready-jobs.sql", strategies = HeadCteClaim.class, reportDirectory = "")
    static class BrokenFixture {
        @ClaimTest
        void runs(ClaimResult result) {
        }
    }

    @Test
    void aMistakeInAModelFileIsOneLineNamingFileAndLineAndNothingIsMeasured() {
        EngineExecutionResults results = run(BrokenFixture.class, Map.of());
        Event failed = results.containerEvents().failed().stream().findFirst().orElseThrow();
        assertThat(failure(failed)).isEqualTo("junit-queue/broken-rows.sql:2: the fixture does not load: new row for relation \"jobs\" "
                + "violates check constraint \"jobs_state_check\" (SQLSTATE 23514)");
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @ClaimMatrix(changelog = "models/jobs/changelog.yaml", fixture = "junit-queue/jobs-rows.sql", claimable = "junit-queue/ready-jobs.sql",
            strategies = HeadCteClaim.class, workers = 2, rounds = 1, search = false, reportDirectory = REPORTS)
    static class OneSafeClaim {
        @ClaimTest
        void isSafe(ClaimResult result) {
            assertThat(result).isSafe();
        }
    }

    @Test
    void testcontainersWithoutADockerEngineSkipsTheClassSayingWhy() {
        Assumptions.assumeFalse(ContainerDatabase.dockerAvailable(), "a Docker engine answers here: the skip cannot be shown");
        EngineExecutionResults results = run(OneSafeClaim.class, Map.of("claimmatrix.db", "testcontainers"));
        Event aborted = results.containerEvents().aborted().stream().findFirst().orElseThrow();
        assertThat(failure(aborted)).contains("-Dclaimmatrix.db=testcontainers needs a Docker engine");
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void anExternalServerByUrl() throws Exception {
        String base = "jdbc:postgresql://" + System.getenv().getOrDefault("CLAIM_MATRIX_LOCAL_PG", "127.0.0.1:5432") + "/";
        String database = "claim_matrix_junit_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(base + "postgres?connectTimeout=3", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            Assumptions.abort("skipped: needs the local PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth): " + e.getMessage());
        }
        try {
            EngineExecutionResults results = run(OneSafeClaim.class, Map.of("claimmatrix.db.url", base + database));
            results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            assertThat(Path.of(REPORTS, "ClaimMatrixExtensionTest.OneSafeClaim.json")).content().contains("\"mode\" : \"external\"");
        } finally {
            try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static EngineExecutionResults run(Class<?> testClass, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter").configurationParameters(parameters).selectors(selectClass(testClass)).execute();
    }

    private static String failure(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElseThrow();
    }
}

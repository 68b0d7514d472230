package io.claimmatrix.db;

import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each database mode, end to end through {@link MatrixRunner}: the run reports its mode and server version,
 * the safe workaround is measured SAFE, and the run's schema is gone afterwards.
 */
class DatabaseModesTest {

    /** The machine's server, unless CLAIM_MATRIX_DB_URL names another. */
    static final String EXTERNAL_URL = System.getenv().getOrDefault(DatabaseOptions.ENV_URL, "jdbc:postgresql://127.0.0.1:5432/test");
    static final String EXTERNAL_USER = System.getenv().getOrDefault(DatabaseOptions.ENV_USER, "postgres");
    static final String EXTERNAL_PASSWORD = System.getenv().getOrDefault(DatabaseOptions.ENV_PASSWORD, "");

    private static final Harness.Settings SETTINGS = new Harness.Settings(4, 3, Fixture.seed(), Duration.ofSeconds(30));

    private static MatrixRunner.MatrixResult runWorkaround(DatabaseOptions options) throws Exception {
        return MatrixRunner.run(options, StrategyCatalogue.discover().select("inner-lock-all"), SETTINGS, MatrixRunner.Listener.NONE);
    }

    @Test
    void embeddedStartsItsOwnServer() throws Exception {
        var result = runWorkaround(DatabaseOptions.embedded());

        assertThat(result.mode()).isEqualTo("embedded");
        assertThat(result.postgresVersion()).matches("\\d+\\.\\d+.*");
        // Measured SAFE: see InnerLockAllClaim.expectation().
        assertThat(result.variants()).singleElement().extracting(v -> v.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void externalUsesTheGivenServerAndLeavesNoSchemaBehind() throws Exception {
        assumeTrue(answers(EXTERNAL_URL), "no PostgreSQL answers at " + EXTERNAL_URL + " (set " + DatabaseOptions.ENV_URL + "): external mode not tested");

        var result = runWorkaround(new DatabaseOptions(DatabaseOptions.EXTERNAL, EXTERNAL_URL, EXTERNAL_USER, EXTERNAL_PASSWORD));

        assertThat(result.mode()).isEqualTo("external");
        assertThat(result.variants()).singleElement().extracting(v -> v.verdict()).isEqualTo(Verdict.SAFE);
        try (Connection c = DriverManager.getConnection(EXTERNAL_URL, EXTERNAL_USER, EXTERNAL_PASSWORD);
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + RunSchema.PREFIX + "%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("run schemas left behind").isZero();
        }
    }

    @Test
    void testcontainersRunsWhenDockerAnswers() throws Exception {
        assumeTrue(ContainerDatabase.dockerAvailable(), "no Docker engine answers: Testcontainers mode skipped (it needs Docker)");

        var result = runWorkaround(new DatabaseOptions(DatabaseOptions.TESTCONTAINERS, null, null, null));

        assertThat(result.mode()).isEqualTo("testcontainers");
        assertThat(result.variants()).singleElement().extracting(v -> v.verdict()).isEqualTo(Verdict.SAFE);
    }

    private static boolean answers(String url) {
        try (Connection ignored = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "connectTimeout=3", EXTERNAL_USER, EXTERNAL_PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}

package io.claimmatrix.schedule;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Row-level security, hence the gate, does not apply to superusers and BYPASSRLS roles: the runner must find a
 * route for each kind of login user. Needs a superuser on the test server, to create the login roles it tries.
 */
class GateRouteTest {

    private final DatabaseTarget db = TestDatabase.get();
    private final ClaimStrategy<?> seed = StrategyCatalogue.discover().select("seed").get(0);

    @BeforeEach
    void needsSuperuser() throws SQLException {
        assumeTrue(scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").equals("t"), "the test server's user is not a superuser");
    }

    @Test
    void aSuperuserSessionsSetRoleToARoleDroppedWithTheRun() throws Exception {
        String role;
        try (ScheduleRunner runner = ScheduleRunner.open(db)) {
            role = runner.sessionRoleName();
            assertThat(role).isEqualTo(runner.schemaName());
            assertThat(scalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "' AND NOT rolcanlogin")).isEqualTo("1");
            assertThat(runner.run(seed, Schedules.STALE_SNAPSHOT, Fixture.seed()).steps().get(2).waitedFor()).containsExactly("gate");
        }
        assertThat(scalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")).as("role dropped").isEqualTo("0");
        assertThat(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '" + role + "'")).as("schema dropped").isEqualTo("0");
    }

    @Test
    void anOwnerWithoutBypassRunsAsItselfUnderForcedRowSecurity() throws Exception {
        String user = loginRole("");
        try (ScheduleRunner runner = ScheduleRunner.open(urlWithoutUser(), user, "")) {
            assertThat(runner.sessionRoleName()).isNull();
            ScheduleResult r = runner.run(seed, Schedules.STALE_SNAPSHOT, Fixture.seed());
            assertThat(r.steps().get(2).waitedFor()).containsExactly("gate");
            assertThat(r.outcome()).isEqualTo(Outcome.DUPLICATE);
        } finally {
            dropLoginRole(user);
        }
    }

    @Test
    void aBypassRoleThatCannotCreateRolesGetsOneLine() throws Exception {
        String user = loginRole("BYPASSRLS");
        try {
            assertThatThrownBy(() -> ScheduleRunner.open(urlWithoutUser(), user, "").close())
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(user + " bypasses it (BYPASSRLS) and cannot create a role")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(scalar("SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname = '" + user + "'"))
                    .as("its run schema was dropped").isEqualTo("0");
        } finally {
            dropLoginRole(user);
        }
    }

    private String loginRole(String attributes) throws SQLException {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = "claim_matrix_test_" + HexFormat.of().formatHex(random);
        execute("CREATE ROLE " + name + " LOGIN " + attributes);
        execute("GRANT CREATE ON DATABASE " + scalar("SELECT current_database()") + " TO " + name); // RunSchema creates a schema
        return name;
    }

    private void dropLoginRole(String name) throws SQLException {
        execute("DROP OWNED BY " + name);
        execute("DROP ROLE " + name);
    }

    /** The embedded server's URL names its user; another user must come from the connect() arguments. */
    private String urlWithoutUser() {
        return db.jdbcUrl().replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

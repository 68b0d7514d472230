package io.claimmatrix.db;

import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightTest {

    /** max 100, 3 for superusers; 10 sessions now, one of them the preflight's own (closed before the run). */
    @Test
    void aNormalUserCannotUseTheSuperuserSlots() {
        var c = new Preflight.Capacity(100, 3, 0, false, false, 10, -1, 0, -1, 0);
        assertThat(c.available()).isEqualTo(100 - 3 - 10 + 1);
        assertThat(c.explain()).isEqualTo("max_connections 100, 3 reserved for superusers, 9 in use by others");
    }

    @Test
    void aSuperuserMayUseEverySlot() {
        assertThat(new Preflight.Capacity(100, 3, 0, true, false, 10, -1, 0, -1, 0).available()).isEqualTo(91);
    }

    @Test
    void reservedConnectionsCountUnlessTheRoleMayUseThem() {
        assertThat(new Preflight.Capacity(100, 3, 5, false, false, 10, -1, 0, -1, 0).available()).isEqualTo(83);
        assertThat(new Preflight.Capacity(100, 3, 5, false, true, 10, -1, 0, -1, 0).available()).isEqualTo(88);
    }

    @Test
    void roleAndDatabaseConnectionLimitsApplyToNormalUsers() {
        assertThat(new Preflight.Capacity(100, 3, 0, false, false, 10, 8, 3, -1, 0).available()).isEqualTo(6);
        assertThat(new Preflight.Capacity(100, 3, 0, false, false, 10, -1, 0, 4, 2).available()).isEqualTo(3);
        assertThat(new Preflight.Capacity(100, 3, 0, true, false, 10, 8, 3, 4, 2).available()).as("superuser").isEqualTo(91);
    }

    @Test
    void readsTheRealServer() {
        DatabaseTarget db = TestDatabase.get();
        Preflight.ServerInfo info = Preflight.inspect(db);
        assertThat(info.version()).matches("\\d+\\.\\d+.*");
        assertThat(info.user()).isEqualTo(db.user());
        assertThat(info.capacity().maxConnections()).isGreaterThanOrEqualTo(info.capacity().inUse());
        assertThat(info.capacity().available()).isPositive();
    }
}

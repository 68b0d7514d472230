package io.claimmatrix.run;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;

/**
 * HikariCP treats SQLSTATE 0A000 (feature not supported) as a broken connection and evicts it with a warning.
 * For the kit it is an answer (PostgreSQL refusing a claim query, e.g. FOR UPDATE on an outer join's nullable
 * side): the connection is fine.
 */
public final class KeepRefusedConnections implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("0A") ? Override.DO_NOT_EVICT : Override.CONTINUE_EVICT;
    }
}

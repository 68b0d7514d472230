package io.claimmatrix.claim;

import java.sql.Connection;

/** The transaction isolation a claim transaction runs at. */
public enum Isolation {
    READ_COMMITTED("rc", "READ COMMITTED", Connection.TRANSACTION_READ_COMMITTED),
    REPEATABLE_READ("rr", "REPEATABLE READ", Connection.TRANSACTION_REPEATABLE_READ),
    SERIALIZABLE("ser", "SERIALIZABLE", Connection.TRANSACTION_SERIALIZABLE);

    private final String code;
    private final String sql;
    private final int jdbcLevel;

    Isolation(String code, String sql, int jdbcLevel) {
        this.code = code;
        this.sql = sql;
        this.jdbcLevel = jdbcLevel;
    }

    /** Short form used in variant names: {@code rc}, {@code rr}, {@code ser}. */
    public String code() {
        return code;
    }

    /** As PostgreSQL spells it. */
    public String sql() {
        return sql;
    }

    public int jdbcLevel() {
        return jdbcLevel;
    }

    public static Isolation fromText(String text) {
        for (Isolation i : values()) {
            if (i.code.equalsIgnoreCase(text) || i.sql.equalsIgnoreCase(text.replace('_', ' ')) || i.name().equalsIgnoreCase(text)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown isolation '" + text + "' (rc, rr, ser or READ COMMITTED, REPEATABLE READ, SERIALIZABLE)");
    }
}

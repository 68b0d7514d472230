package io.claimmatrix.claim.sql;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A strategy read from a {@code .sql} file (see {@link SqlStrategyFile}): its statements are sent exactly as
 * written, each {@code :ids}, {@code :existing_ids}, {@code :missing_ids} bound as a {@code text[]} parameter.
 * Has no {@link io.claimmatrix.claim.Dimensions}: the reports list it with the other non-dimensional strategies.
 */
public final class SqlClaimStrategy implements ClaimStrategy {

    private final Path file;
    private final String name;
    private final String description;
    private final Isolation isolation;
    private final boolean needsIncrementalRows;
    private final SqlScript.Statement claim;
    private final List<SqlScript.Statement> writes;
    private final Expectation expectation;
    /** Set once the server has accepted the statements' shape; checked on the first claim only. */
    private volatile boolean described;

    SqlClaimStrategy(Path file, String name, String description, Isolation isolation, boolean needsIncrementalRows,
                     SqlScript.Statement claim, List<SqlScript.Statement> writes, Expectation expectation) {
        this.file = file;
        this.name = name;
        this.description = description;
        this.isolation = isolation;
        this.needsIncrementalRows = needsIncrementalRows;
        this.claim = claim;
        this.writes = List.copyOf(writes);
        this.expectation = expectation;
    }

    public Path file() {
        return file;
    }

    /** The claim statement as written. */
    public String claimSql() {
        return claim.text();
    }

    /** The write statements as written. */
    public List<String> writeSql() {
        return writes.stream().map(SqlScript.Statement::text).toList();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Isolation isolation() {
        return isolation;
    }

    @Override
    public boolean needsIncrementalRows() {
        return needsIncrementalRows;
    }

    /** For showing beside the verdict; {@link #claim} runs the statement itself, verbatim. */
    @Override
    public ResultQuery<Record2<String, Boolean>> claimQuery(DSLContext dsl) {
        return dsl.resultQuery(claim.text()).coerce(DSL.field("id", SQLDataType.VARCHAR), DSL.field("has_incremental", SQLDataType.BOOLEAN));
    }

    @Override
    public List<ClaimedAccount> claim(DSLContext dsl) {
        return dsl.connectionResult(c -> {
            if (!described) {
                describe(c);
            }
            List<ClaimedAccount> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(claim.jdbcSql()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new ClaimedAccount(rs.getString(1), rs.getBoolean(2)));
                }
            }
            return claimed;
        });
    }

    @Override
    public void write(DSLContext dsl, List<ClaimedAccount> claimed) {
        Map<String, String[]> values = Map.of(
                "ids", claimed.stream().map(ClaimedAccount::id).toArray(String[]::new),
                "existing_ids", claimed.stream().filter(ClaimedAccount::hasIncremental).map(ClaimedAccount::id).toArray(String[]::new),
                "missing_ids", claimed.stream().filter(a -> !a.hasIncremental()).map(ClaimedAccount::id).toArray(String[]::new));
        dsl.connection(c -> {
            for (SqlScript.Statement w : writes) {
                try (PreparedStatement ps = c.prepareStatement(w.jdbcSql())) {
                    for (int i = 0; i < w.parameters().size(); i++) {
                        Array array = c.createArrayOf("text", values.get(w.parameters().get(i)));
                        ps.setArray(i + 1, array);
                    }
                    ps.execute();
                }
            }
        });
    }

    @Override
    public Expectation expectation() {
        return expectation; // null: no measured expectation in the file, so the verdict is reported, not checked
    }

    /**
     * Asks the server to parse (not run) every statement, so a typo in a write statement is reported as PostgreSQL's
     * refusal of the strategy (class 42, counted as REJECTED) rather than as thousands of aborted claims; and checks
     * that the claim returns an account id and a boolean.
     */
    private void describe(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(claim.jdbcSql())) {
            ResultSetMetaData meta = ps.getMetaData();
            if (meta == null || meta.getColumnCount() < 2 || !isBoolean(meta.getColumnType(2))) {
                // 42804 datatype_mismatch: the statement cannot be used as a claim, whatever the data.
                throw new SQLException(file.getFileName() + ": the claim statement must return the account id and a boolean "
                        + "has_incremental (e.g. SELECT a.id, incr.status IS NOT NULL AS has_incremental ...), it returns "
                        + columns(meta), "42804");
            }
        }
        for (SqlScript.Statement w : writes) {
            try (PreparedStatement ps = c.prepareStatement(w.jdbcSql())) {
                for (int i = 1; i <= w.parameters().size(); i++) {
                    ps.setArray(i, c.createArrayOf("text", new String[0])); // typed as at run time: text[]
                }
                ps.getParameterMetaData(); // a describe round trip: the server parses the statement, runs nothing
            }
        }
        described = true;
    }

    private static boolean isBoolean(int type) {
        return type == Types.BOOLEAN || type == Types.BIT;
    }

    private static String columns(ResultSetMetaData meta) throws SQLException {
        if (meta == null) {
            return "no rows";
        }
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            cols.add(meta.getColumnLabel(i) + " " + meta.getColumnTypeName(i));
        }
        return "(" + String.join(", ", cols) + ")";
    }

    @Override
    public String toString() {
        return name + " (" + file + ")";
    }
}

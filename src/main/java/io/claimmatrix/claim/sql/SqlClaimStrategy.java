package io.claimmatrix.claim.sql;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.StatementLog;
import io.claimmatrix.schema.SeedFixtureShapes;
import io.claimmatrix.sql.SqlFileException;
import io.claimmatrix.sql.SqlScript;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A strategy read from a {@code .sql} file (see {@link SqlStrategyFile}): its statements are sent exactly as
 * written, each parameter bound as a {@code text[]} of the claimed rows' values. Has no
 * {@link io.claimmatrix.claim.Dimensions}: the reports list it with the other non-dimensional strategies.
 */
public final class SqlClaimStrategy implements ClaimStrategy<Record>, SeedFixtureShapes {

    private final String file;
    private final String name;
    private final String model;
    private final String description;
    private final Isolation isolation;
    private final boolean needsIncrementalRows;
    private final Integer batch;
    private final List<SqlScript.Statement> claims;
    private final List<SqlScript.Statement> writes;
    private final List<SqlStrategyFile.ExpectTerm> expect;
    private final String why;

    SqlClaimStrategy(String file, String name, String model, String description, Isolation isolation, boolean needsIncrementalRows,
                     Integer batch, List<SqlScript.Statement> claims, List<SqlScript.Statement> writes,
                     List<SqlStrategyFile.ExpectTerm> expect, String why) {
        this.file = file;
        this.name = name;
        this.model = model;
        this.description = description;
        this.isolation = isolation;
        this.needsIncrementalRows = needsIncrementalRows;
        this.batch = batch;
        this.claims = List.copyOf(claims);
        this.writes = List.copyOf(writes);
        this.expect = expect == null ? null : List.copyOf(expect);
        this.why = why;
    }

    /** The file it was read from, as the user named it. */
    public String file() {
        return file;
    }

    /** The first claim statement as written. */
    public String claimSql() {
        return claims.get(0).text();
    }

    /** Every claim statement as written. */
    public List<String> claimStatements() {
        return claims.stream().map(SqlScript.Statement::text).toList();
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
    public String model() {
        return model;
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

    @Override
    public OptionalInt batch() {
        return batch == null ? OptionalInt.empty() : OptionalInt.of(batch);
    }

    /** The first claim statement, for showing beside the verdict and for its plan; {@link #claim} runs them all, verbatim. */
    @Override
    public ResultQuery<Record> claimQuery(DSLContext dsl) {
        return dsl.resultQuery(claims.get(0).text());
    }

    /** Runs every claim statement in order, each later one bound to the rows of the one before; returns the last one's rows. */
    @Override
    public List<Record> claim(DSLContext dsl) {
        Result<Record> rows = null;
        for (SqlScript.Statement s : claims) {
            Result<Record> previous = rows;
            StatementLog.before(dsl);
            rows = dsl.connectionResult(c -> {
                try (PreparedStatement ps = c.prepareStatement(s.jdbcSql())) {
                    bind(c, ps, s, previous);
                    try (ResultSet rs = ps.executeQuery()) {
                        return dsl.fetch(rs);
                    }
                }
            });
            StatementLog.record(dsl, s.text(), rows.size());
            if (rows.isEmpty()) {
                break; // nothing to re-check or lock
            }
        }
        return rows;
    }

    @Override
    public void write(DSLContext dsl, List<Record> claimed) {
        dsl.connection(c -> {
            for (SqlScript.Statement w : writes) {
                StatementLog.before(dsl);
                try (PreparedStatement ps = c.prepareStatement(w.jdbcSql())) {
                    bind(c, ps, w, claimed);
                    int n = ps.execute() ? -1 : ps.getUpdateCount();
                    StatementLog.record(dsl, w.text(), n);
                }
            }
        });
    }

    /** Binds each parameter of {@code s} as a {@code text[]} of the rows' values. */
    private static void bind(Connection c, PreparedStatement ps, SqlScript.Statement s, List<Record> rows) throws SQLException {
        for (int i = 0; i < s.parameters().size(); i++) {
            ps.setArray(i + 1, c.createArrayOf("text", values(s.parameters().get(i), rows)));
        }
    }

    private static String[] values(String parameter, List<Record> rows) {
        List<String> out = new ArrayList<>();
        for (Record r : rows == null ? List.<Record>of() : rows) {
            Object v = switch (parameter) {
                case "keys", "ids" -> r.get(0);
                case "existing_ids" -> Boolean.TRUE.equals(r.get(1)) ? r.get(0) : null;
                case "missing_ids" -> Boolean.TRUE.equals(r.get(1)) ? null : r.get(0);
                default -> r.field(parameter) == null ? null : r.get(parameter);
            };
            boolean split = parameter.equals("existing_ids") || parameter.equals("missing_ids");
            if (v != null || !split) {
                out.add(v == null ? null : String.valueOf(v));
            }
        }
        return out.toArray(String[]::new);
    }

    @Override
    public Expectation expectation() {
        return expectation(Statistics.FRESH);
    }

    /** The most specific {@code -- expect:} term for this level and condition; {@code null} when none applies (unchecked). */
    @Override
    public Expectation expectation(Statistics statistics) {
        if (expect == null) {
            return null;
        }
        SqlStrategyFile.ExpectTerm best = null;
        int bestScore = -1;
        for (SqlStrategyFile.ExpectTerm t : expect) {
            if (t.statistics() != null && t.statistics() != statistics) {
                continue;
            }
            int score = (t.isolation() != null ? 1 : 0) + (t.statistics() != null ? 1 : 0);
            if (score > bestScore) {
                best = t;
                bestScore = score;
            }
        }
        return best == null ? null : new Expectation(best.verdict(), why);
    }

    /**
     * Asks the server to parse and analyse (not run) every statement against the model's schema, so that a statement
     * naming a table or column the model lacks, or binding a parameter the claim does not return, is bad input named by
     * file and line before anything runs. A refusal PostgreSQL makes only when it plans or runs the statement (e.g.
     * FOR UPDATE on the nullable side of an outer join, 0A000) is left to the run: it is the REJECTED verdict.
     *
     * @throws SqlFileException the first problem, {@code file:line: ...}
     */
    public void check(Connection c, ModelSchema model) throws SqlFileException {
        Columns columns = new Columns(List.of(), List.of());
        for (SqlScript.Statement s : claims) {
            checkParameters(s, columns, "the claim statement before it");
            Columns described = describe(c, s);
            if (described == null) {
                return; // PostgreSQL refuses it later than parse analysis: the run measures that (REJECTED)
            }
            if (described.labels().isEmpty()) {
                throw new SqlFileException(file, s.line(), "the claim statement returns no rows (add RETURNING to an UPDATE or "
                        + "DELETE); it returns the model's key first, one row per claimed item");
            }
            if (described.labels().size() < model.keyColumns()) {
                throw new SqlFileException(file, s.line(), "the claim statement returns " + described.labels().size()
                        + " column(s), but the model's key has " + model.keyColumns() + " (as claimable.sql returns it): the key comes first");
            }
            List<String> lead = described.labels().subList(0, model.keyColumns());
            if (model.keyColumns() > 1 && !lead.equals(model.keyNames()) && new java.util.HashSet<>(lead).equals(new java.util.HashSet<>(model.keyNames()))) {
                // The same names in another order: each item would be read as another key (a composite key's columns swapped).
                throw new SqlFileException(file, s.line(), "the claim statement returns the key as (" + String.join(", ", lead)
                        + "), but the model's key is (" + String.join(", ", model.keyNames()) + ") as claimable.sql returns it: "
                        + "return the key's columns first, in that order");
            }
            columns = described;
        }
        for (SqlScript.Statement w : writes) {
            checkParameters(w, columns, "the claim");
            describe(c, w);
        }
    }

    /** A statement's result columns: names and JDBC types, in order. */
    private record Columns(List<String> labels, List<Integer> types) {
    }

    private void checkParameters(SqlScript.Statement s, Columns columns, String source) throws SqlFileException {
        for (int i = 0; i < s.parameters().size(); i++) {
            String p = s.parameters().get(i);
            boolean known = SqlStrategyFile.KEY_PARAMETERS.contains(p) || columns.labels().contains(p) || SqlStrategyFile.SEED_PARAMETERS.contains(p);
            if (!known) {
                Set<String> binds = new LinkedHashSet<>(columns.labels());
                if (QueueModel.SEED.equals(model)) {
                    binds.addAll(List.of("ids", "existing_ids", "missing_ids"));
                }
                throw new SqlFileException(file, s.paramLines().get(i), "unknown parameter ':" + p + "' (it binds "
                        + SqlStrategyFile.params(binds) + ": the columns of " + source
                        + (QueueModel.SEED.equals(model) ? ", and the seed's claimed ids" : "") + ")");
            }
            if (SqlStrategyFile.SEED_PARAMETERS.contains(p) && (columns.types().size() < 2 || !isBoolean(columns.types().get(1)))) {
                throw new SqlFileException(file, s.paramLines().get(i), "':" + p + "' splits the claimed ids by the claim's second "
                        + "column, a boolean (e.g. SELECT a.id, incr.status IS NOT NULL AS has_incremental ...), which this claim does not return");
            }
        }
    }

    /**
     * Parse and analysis only: no row is read or written. Class 42 (a typo, a missing table or column) is bad input;
     * {@code null} when PostgreSQL refuses it otherwise (left to the run).
     */
    private Columns describe(Connection c, SqlScript.Statement s) throws SqlFileException {
        try (PreparedStatement ps = c.prepareStatement(s.jdbcSql())) {
            for (int i = 1; i <= s.parameters().size(); i++) {
                ps.setArray(i, c.createArrayOf("text", new String[0])); // typed as at run time: text[]
            }
            ps.getParameterMetaData(); // a describe round trip: the server parses the statement, runs nothing
            ResultSetMetaData meta = ps.getMetaData();
            List<String> labels = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; meta != null && i <= meta.getColumnCount(); i++) {
                labels.add(meta.getColumnLabel(i));
                types.add(meta.getColumnType(i));
            }
            return new Columns(labels, types);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                throw new SqlFileException(file, ModelSchema.lineAt(s.line(), s.text(), e), "PostgreSQL cannot run this against model "
                        + model + ": " + io.claimmatrix.run.Failures.of(e).message() + " (SQLSTATE " + e.getSQLState() + ")");
            }
            return null;
        }
    }

    private static boolean isBoolean(int type) {
        return type == Types.BOOLEAN || type == Types.BIT;
    }

    @Override
    public String toString() {
        return name + " (" + file + ")";
    }
}

package io.claimmatrix.model;

import io.claimmatrix.BadInputException;
import io.claimmatrix.run.Failures;
import io.claimmatrix.run.Jooq;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import io.claimmatrix.schema.SeedFixtureShapes;
import io.claimmatrix.sql.SqlFileException;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A queue model applied in a run schema of its own: the tables its changelog made, how to load a round's fixture
 * under a {@link Statistics} condition, the keys claimable now, their groups, and the key of a claimed row.
 *
 * <p>{@link #create} checks everything a user can get wrong before anything runs: the changelog (as Liquibase applies
 * it), the fixture (loaded once), the claimable and groups queries (run once, their columns checked). Each problem is
 * one {@link BadInputException} line, {@code file:line: what is wrong}, and the schema is dropped again.
 */
public final class ModelSchema implements AutoCloseable {

    private static final Pattern LIQUIBASE_CHANGESET = Pattern.compile("changeset\\s+(\\S+?)::(\\S+?)::(\\S+?):");
    private static final Pattern LIQUIBASE_LINE = Pattern.compile("line (\\d+)");

    private final QueueModel model;
    private final RunSchema schema;
    /** Every table of the model, children before parents (the order a DELETE must take). */
    private final List<String> tables;
    /** Sequence to its start value. */
    private final Map<String, Long> sequences;
    private int keyColumns;
    private List<String> keyNames = List.of();
    /** Each fixture's reset, as one round trip of SQL. */
    private final Map<ModelFixture, String> resets = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each fixture's rows, as the INSERT statements {@link #load} sends in one round trip. */
    private final Map<ModelFixture, String> inserts = new java.util.concurrent.ConcurrentHashMap<>();

    private ModelSchema(QueueModel model, RunSchema schema, List<String> tables, Map<String, Long> sequences) {
        this.model = model;
        this.schema = schema;
        this.tables = tables;
        this.sequences = sequences;
    }

    /**
     * Creates a run schema, applies the model's changelog (then each of {@code extraChangelogs}, classpath resources),
     * turns autovacuum off on its tables (the {@link Statistics#STALE} condition must stay stale), loads the fixture
     * once and runs the claimable and groups queries to check them.
     *
     * @throws BadInputException one line per problem with the model's files, after dropping the schema
     */
    public static ModelSchema create(String jdbcUrl, String user, String password, QueueModel model, FixtureSettings fixtures,
                                     String... extraChangelogs) throws SQLException {
        RunSchema schema;
        try {
            schema = RunSchema.create(jdbcUrl, user, password, model, extraChangelogs);
        } catch (RunSchema.ChangelogException e) {
            if (!e.models) {
                throw e;
            }
            throw new BadInputException(changelogProblem(model, e.getMessage()));
        }
        ModelSchema m;
        try (Connection c = schema.connect()) {
            m = new ModelSchema(model, schema, tablesInDeleteOrder(c, schema.name()), sequences(c, schema.name()));
            if (m.tables.isEmpty()) {
                throw new BadInputException(model.source().describe(model.changelogFile()) + ":1: the changelog creates no table");
            }
            try (Statement s = c.createStatement()) {
                for (String t : m.tables) {
                    s.execute("ALTER TABLE " + quote(t) + " SET (autovacuum_enabled = off, toast.autovacuum_enabled = off)");
                }
            }
            m.check(Jooq.dsl(c), fixtures);
        } catch (RuntimeException | SQLException e) {
            schema.close();
            throw e;
        }
        return m;
    }

    /** The seed model (accounts / imports) in a run schema of its own, checked on {@code fixture}. */
    public static ModelSchema seed(String jdbcUrl, String user, String password, Fixture fixture, String... extraChangelogs)
            throws SQLException {
        return create(jdbcUrl, user, password, ModelCatalogue.builtIn().get(QueueModel.SEED), FixtureSettings.of(fixture), extraChangelogs);
    }

    /** Loads the first fixture, runs the queries once: a broken file is named before any round runs. */
    private void check(DSLContext dsl, FixtureSettings settings) {
        ModelFixture first = model.isSeed() ? settings.seed() : new SqlFixture(model, settings.itemsFor(model));
        try {
            // Statement by statement, not as one script: an error then names the statement that failed.
            load(dsl, first, Statistics.FRESH, (d, f) -> f.insert(d, false));
        } catch (RuntimeException e) {
            throw new BadInputException(located(model.fixture().isEmpty() ? null : failingFixtureStatement(e), e,
                    "the fixture does not load"));
        }
        Result<Record> claimable = run(dsl, model.claimable());
        if (claimable.fields().length == 0) {
            throw new BadInputException(model.claimable().file() + ":" + model.claimable().line()
                    + ": the claimable query returns no column; it returns the key of each claimable item, e.g. SELECT id FROM jobs WHERE ...");
        }
        keyColumns = claimable.fields().length;
        keyNames = java.util.Arrays.stream(claimable.fields()).map(org.jooq.Field::getName).toList();
        if (claimable.isEmpty()) {
            throw new BadInputException(model.claimable().file() + ":" + model.claimable().line()
                    + ": the claimable query returns no row on the fixture just loaded (" + first.name() + ", " + first.items()
                    + " items): nothing would be claimed");
        }
        model.groups().ifPresent(g -> {
            Result<Record> groups = run(dsl, g);
            if (groups.fields().length != keyColumns + 1) {
                throw new BadInputException(g.file() + ":" + g.line() + ": the groups query returns " + groups.fields().length
                        + " column(s); it returns the key (" + keyColumns + " column(s), as claimable.sql) and then the group key");
            }
        });
    }

    /** Runs one of the model's queries, or names its file and line. */
    private Result<Record> run(DSLContext dsl, QueueModel.Query q) {
        try {
            return dsl.fetch(q.sql());
        } catch (RuntimeException e) {
            throw new BadInputException(located(q, e, "the query fails"));
        }
    }

    private QueueModel.Query failingFixtureStatement(RuntimeException e) {
        // The check loads fixture.sql statement by statement, and the failed one travels with the error.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SqlFixture.StatementFailed f) {
                return f.statement();
            }
        }
        return model.fixture().get(0);
    }

    /** {@code file:line: PostgreSQL's message}, the line moved to the error's position within the statement. */
    public static String located(QueueModel.Query q, Throwable e, String what) {
        Failures.Failure f = Failures.of(e);
        if (q == null) {
            return what + ": " + f.message() + " (SQLSTATE " + f.sqlState() + ")";
        }
        return q.file() + ":" + lineOf(q, e) + ": " + what + ": " + f.message() + " (SQLSTATE " + f.sqlState() + ")";
    }

    /** The file line of the error's position in the statement, or the statement's first line. */
    public static int lineOf(QueueModel.Query q, Throwable e) {
        return lineAt(q.line(), q.sql(), e);
    }

    /** The file line of the error's position in {@code sql}, which starts at {@code firstLine}. */
    public static int lineAt(int firstLine, String sql, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getPosition() > 0) {
                int pos = Math.min(p.getServerErrorMessage().getPosition() - 1, sql.length());
                return firstLine + (int) sql.substring(0, pos).chars().filter(ch -> ch == '\n').count();
            }
        }
        return firstLine;
    }

    private static final Pattern FAILED_SQL = Pattern.compile("\\[Failed SQL: \\(\\d+\\) (.*)]", Pattern.DOTALL);
    private static final Pattern POSITION = Pattern.compile("Position: (\\d+)");

    /**
     * Liquibase's refusal as {@code file:line: PostgreSQL's (or Liquibase's) message}. The line is the failing statement's
     * (moved to the error's position in it), else the changeset's, else the one a parse error names, else 1.
     */
    static String changelogProblem(QueueModel model, String message) {
        String file = model.source().describe(model.changelogFile());
        String text = model.source().read(model.changelogFile()).orElse("");
        String raw = message == null ? "Liquibase refused it" : message;
        String flat = raw.replaceAll("\\s+", " ").strip();
        int line = 1;
        Matcher failed = FAILED_SQL.matcher(raw);
        Matcher changeset = LIQUIBASE_CHANGESET.matcher(flat);
        Matcher lineNo = LIQUIBASE_LINE.matcher(flat);
        int at = -1;
        if (failed.find()) {
            String sql = failed.group(1).strip();
            at = text.indexOf(sql);
            if (at < 0) {
                String first = sql.lines().findFirst().orElse("");
                at = first.isEmpty() ? -1 : text.indexOf(first);
            }
            if (at >= 0) {
                Matcher position = POSITION.matcher(raw);
                int offset = position.find() ? Math.max(0, Math.min(Integer.parseInt(position.group(1)) - 1, sql.length())) : 0;
                String upTo = text.substring(0, Math.min(text.length(), at + offset));
                line = 1 + (int) upTo.chars().filter(ch -> ch == '\n').count();
            }
        }
        if (at < 0 && changeset.find()) {
            String id = changeset.group(2);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].matches(".*\\bid:\\s*['\"]?" + Pattern.quote(id) + "['\"]?\\s*(,.*)?$")
                        || lines[i].contains("id=\"" + id + "\"") || lines[i].matches("--\\s*changeset\\s+[^:]+:" + Pattern.quote(id) + "\\b.*")) {
                    line = i + 1;
                    break;
                }
            }
        } else if (at < 0 && lineNo.find()) {
            line = Integer.parseInt(lineNo.group(1));
        }
        // Liquibase's message repeats itself; PostgreSQL's part is what the user needs.
        int reason = flat.lastIndexOf("Reason: ");
        String shown = reason >= 0 ? flat.substring(reason + 8) : flat;
        shown = shown.replaceAll("liquibase\\.exception\\.\\w+: ", "").replaceFirst("\\s*\\[Failed SQL:.*$", "")
                .replaceFirst(" Position: \\d+$", "");
        return file + ":" + line + ": Liquibase could not apply the changelog: " + shown;
    }

    private static List<String> tablesInDeleteOrder(Connection c, String schemaName) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock') "
                + "ORDER BY c.relname")) {
            ps.setString(1, schemaName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        Map<String, Set<String>> parents = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ch.relname, pa.relname FROM pg_constraint k "
                + "JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid "
                + "JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.contype = 'f' AND n.nspname = ?")) {
            ps.setString(1, schemaName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(rs.getString(2))) {
                        parents.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                    }
                }
            }
        }
        // Children first: a table is deleted from once no remaining table references it.
        List<String> order = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(tables);
        while (!left.isEmpty()) {
            String next = left.stream().filter(t -> left.stream().noneMatch(o -> !o.equals(t)
                    && parents.getOrDefault(o, Set.of()).contains(t))).findFirst().orElse(left.iterator().next());
            order.add(next);
            left.remove(next);
        }
        return List.copyOf(order);
    }

    /** The schema's sequences and the value each starts at. */
    private static Map<String, Long> sequences(Connection c, String schemaName) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname, s.seqstart FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid "
                + "WHERE n.nspname = ? ORDER BY 1")) {
            ps.setString(1, schemaName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    public QueueModel model() {
        return model;
    }

    public RunSchema schema() {
        return schema;
    }

    /** The model's tables, children before parents. */
    public List<String> tables() {
        return tables;
    }

    /** How many leading columns of claimable.sql (and of a claim's rows) form the key. */
    public int keyColumns() {
        return keyColumns;
    }

    /** The key's column names, as claimable.sql returns them ({@code [tenant_id, task_no]}). */
    public List<String> keyNames() {
        return keyNames;
    }

    /**
     * The fixtures a strategy's rounds cycle through: for the seed model, the shapes the strategy needs
     * ({@link SeedFixtureShapes}, all three for any other strategy); for any other model, its fixture.sql.
     */
    public List<ModelFixture> fixtures(Object strategy, FixtureSettings settings) {
        if (model.isSeed()) {
            List<Fixture.Shape> shapes = strategy instanceof SeedFixtureShapes s ? s.fixtureShapes()
                    : List.of(Fixture.Shape.MIXED, Fixture.Shape.ABSENT, Fixture.Shape.PRESENT);
            return shapes.stream().<ModelFixture>map(settings.seed()::shaped).toList();
        }
        return List.of(new SqlFixture(model, settings.itemsFor(model)));
    }

    /**
     * Replaces every row of the model's tables with the fixture's and leaves the planner's statistics as
     * {@code statistics} says: {@link Statistics#FRESH}, loaded then analysed; {@link Statistics#STALE}, the fixture
     * with one item analysed ({@code VACUUM (ANALYZE)}), then deleted and loaded in full with no new analysis. Sequences
     * restart, so every round sees the same keys.
     *
     * @param dsl a session in auto-commit mode ({@code VACUUM} cannot run inside a transaction)
     */
    public void load(DSLContext dsl, ModelFixture fixture, Statistics statistics) {
        load(dsl, fixture, statistics, this::insertAll);
    }

    private void load(DSLContext dsl, ModelFixture fixture, Statistics statistics, java.util.function.BiConsumer<DSLContext, ModelFixture> insertAll) {
        String all = tables.stream().map(ModelSchema::quote).collect(Collectors.joining(", "));
        if (statistics == Statistics.FRESH) {
            dsl.transaction(tx -> {
                tx.dsl().execute("TRUNCATE " + all + " RESTART IDENTITY");
                restartSequences(tx.dsl());
                insertAll.accept(tx.dsl(), fixture);
            });
            dsl.execute("ANALYZE " + all);
            return;
        }
        dsl.transaction(tx -> {
            tx.dsl().execute("TRUNCATE " + all + " RESTART IDENTITY");
            restartSequences(tx.dsl());
            fixture.insert(tx.dsl(), true);
        });
        for (String t : tables) {
            dsl.execute("VACUUM (ANALYZE) " + quote(t));
        }
        // DELETE, not TRUNCATE: a truncated table forgets its size (reltuples -1) and the planner assumes ten pages.
        dsl.transaction(tx -> {
            for (String t : tables) {
                tx.dsl().execute("DELETE FROM " + quote(t));
            }
            restartSequences(tx.dsl());
            insertAll.accept(tx.dsl(), fixture);
        });
    }

    /**
     * Inserts the whole fixture with its SQL rendered once per fixture (as {@link #reset} does): a round's reload is one
     * round trip, not a rendering of the seed's few hundred rows with jOOQ every round.
     */
    private void insertAll(DSLContext dsl, ModelFixture fixture) {
        String sql = inserts.computeIfAbsent(fixture, ModelFixture::insertSql);
        dsl.connection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        });
    }

    /**
     * Replaces every row with the fixture's in one transaction and one round trip, without touching the planner's
     * statistics (no TRUNCATE, no ANALYZE): what a schedule does before each run, keeping the condition {@link #load}
     * set up.
     *
     * @param dsl a session in auto-commit mode
     */
    public void reset(DSLContext dsl, ModelFixture fixture) {
        String sql = resets.computeIfAbsent(fixture, f -> {
            StringBuilder b = new StringBuilder("BEGIN;\n");
            tables.forEach(t -> b.append("DELETE FROM ").append(quote(t)).append(";\n"));
            // setval, not ALTER SEQUENCE ... RESTART: no DDL, no catalog change on every run.
            sequences.forEach((q, start) -> b.append("SELECT setval('").append(quote(q).replace("'", "''")).append("', ")
                    .append(start).append(", false);\n"));
            b.append(f.insertSql()).append(";\nCOMMIT");
            return b.toString();
        });
        dsl.connection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (java.sql.SQLException e) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
                throw e;
            }
        });
    }

    private void restartSequences(DSLContext dsl) {
        for (String s : sequences.keySet()) {
            dsl.execute("ALTER SEQUENCE " + quote(s) + " RESTART");
        }
    }

    /** The keys claimable now, as claimable.sql lists them (in the caller's snapshot), in the order it returns them. */
    public List<String> claimable(DSLContext dsl) {
        return dsl.fetch(model.claimable().sql()).stream().map(this::keyOf).toList();
    }

    /** Key to group key, from groups.sql; empty when the model has no groups. */
    public Map<String, String> groups(DSLContext dsl) {
        if (model.groups().isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Record r : dsl.fetch(model.groups().get().sql())) {
            Object g = r.get(keyColumns);
            out.put(keyOf(r), g == null ? null : String.valueOf(g));
        }
        return out;
    }

    /** The key of a claimed row or of a claimable.sql row: its first {@link #keyColumns()} values as text. */
    public String keyOf(Record r) {
        return key(r, keyColumns);
    }

    /** {@code 42}, or {@code (a, 42)} for a composite key. */
    public static String key(Record r, int columns) {
        if (columns == 1 || r.size() == 1) {
            return String.valueOf(r.get(0));
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(columns, r.size()); i++) {
            parts.add(String.valueOf(r.get(i)));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /**
     * {@code EXPLAIN (COSTS OFF)} of a statement as the planner plans it now (after a {@link #load}), the run schema's
     * name replaced by {@code <schema>}; PostgreSQL's refusal as one {@code ERROR:} line.
     */
    public List<String> plan(DSLContext dsl, String sql) {
        List<String> lines = new ArrayList<>();
        try {
            dsl.connection(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN (COSTS OFF)\n" + sql)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1).replace(schema.name(), "<schema>"));
                    }
                }
            });
        } catch (RuntimeException e) {
            Failures.Failure f = Failures.of(e);
            lines.add("ERROR:  " + f.message() + " (SQLSTATE " + f.sqlState() + ")");
        }
        return lines;
    }

    /** Keys of the rows, as {@link #keyOf}. */
    public List<String> keys(Collection<? extends Record> rows) {
        return rows.stream().map(this::keyOf).toList();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Drops the run schema. */
    @Override
    public void close() {
        schema.close();
    }

    /** For messages: {@code SqlFileException} to the one-line bad-input form. */
    public static BadInputException badInput(SqlFileException e) {
        return new BadInputException(e.getMessage());
    }
}

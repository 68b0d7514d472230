package io.claimmatrix.predict;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelFixture;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.ClaimSqlRenderer;
import io.claimmatrix.run.Jooq;
import io.claimmatrix.run.SessionSettings;
import io.claimmatrix.run.StatementLog;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Predicts a claim's verdict before any worker runs. For each strategy it plans the claim statement with
 * {@code EXPLAIN (VERBOSE, FORMAT JSON)} under each statistics condition (the strategy's first fixture loaded under it,
 * as the harness plans it), runs the strategy once alone on each of its fixtures in a transaction it rolls back,
 * recording every statement with a {@link StatementLog} (the re-checks, the locks by key, the writes), plans those,
 * and applies the {@link Rule}s to these {@link Facts}. Nothing is per variant: the rules read plans and statements.
 *
 * <p>Precedence: a decisive rule (a refused statement, a deadlocking share lock, an advisory lock taken on every row)
 * decides alone, in that order; otherwise the finding with the verdict first in {@link io.claimmatrix.run.Verdict}'s
 * precedence wins, and with none the claim is predicted SAFE: every relation deciding eligibility is locked, re-checked
 * or never written.
 *
 * <p>One session; not thread-safe. Errors: {@link SQLException} when the database fails (a refused claim statement is a
 * fact, not an error).
 */
public final class Predictor implements AutoCloseable {

    /** In the order decisive rules are tried; the others are weighed by verdict precedence. */
    static final List<Rule> RULES = List.of(new RefusedClaim(), new SharedLockThenWrite(), new AdvisoryLockScan(),
            new UnfencedLimit(), new LimitAboveBatch(), new UnlockedEligibility(), new ParentRowLocked(), new SnapshotConflict());

    private final ModelSchema schema;
    private final FixtureSettings fixtures;
    private final Connection connection;
    private final ModelFacts model;

    private Predictor(ModelSchema schema, FixtureSettings fixtures, Connection connection) throws SQLException {
        this.schema = schema;
        this.fixtures = fixtures;
        this.connection = connection;
        this.model = ModelFacts.read(connection, schema);
    }

    /**
     * The {@link DSLContext#configuration()} data key set (to {@code true}) on the context a strategy gets when the
     * predictor runs it once alone to read its statements, in a transaction it rolls back: a strategy with effects
     * outside the database, or one that misbehaves once on purpose (the tests' hung variants), can tell that run apart.
     */
    public static final String CAPTURE_RUN = "io.claimmatrix.predict.captureRun";

    /** Whether {@code dsl} is the predictor's capture run ({@link #CAPTURE_RUN}). */
    public static boolean isCaptureRun(DSLContext dsl) {
        return Boolean.TRUE.equals(dsl.configuration().data(CAPTURE_RUN));
    }

    /** A predictor on a model's run schema, with one session of its own under the default {@link Timeouts} (close it). */
    public static Predictor open(ModelSchema schema, FixtureSettings fixtures) throws SQLException {
        return open(schema, fixtures, Timeouts.DEFAULTS);
    }

    /**
     * A predictor on a model's run schema, with one session of its own (close it), bounded like a worker's: it runs
     * each strategy once, and a strategy may block or loop like any claim.
     */
    public static Predictor open(ModelSchema schema, FixtureSettings fixtures, Timeouts timeouts) throws SQLException {
        Connection c = schema.schema().connect();
        try {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(SessionSettings.initSql(timeouts));
            }
            return new Predictor(schema, fixtures, c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public ModelFacts model() {
        return model;
    }

    /** The prediction under each statistics condition. */
    public Map<Statistics, Prediction> predict(ClaimStrategy<?> strategy) throws SQLException {
        Map<Statistics, Prediction> out = new EnumMap<>(Statistics.class);
        for (Facts f : facts(strategy)) {
            out.put(f.statistics(), decide(f));
        }
        return out;
    }

    /** The facts under each statistics condition (the statements are captured once, under fresh statistics). */
    public List<Facts> facts(ClaimStrategy<?> strategy) throws SQLException {
        return facts(List.of(strategy)).get(strategy.name());
    }

    /**
     * The facts of many strategies of this model, by name. Each fixture is loaded once for all of them (the captured
     * transactions roll back), and so is each statistics condition's first fixture for the plans.
     */
    public Map<String, List<Facts>> facts(List<? extends ClaimStrategy<?>> strategies) throws SQLException {
        DSLContext admin = Jooq.dsl(connection);
        Map<String, ModelFixture> byName = new LinkedHashMap<>();
        Map<String, List<StatementFacts>> statements = new LinkedHashMap<>();
        for (ClaimStrategy<?> s : strategies) {
            schema.fixtures(s, fixtures).forEach(f -> byName.putIfAbsent(f.name(), f));
            statements.put(s.name(), new ArrayList<>());
        }
        for (ModelFixture fixture : byName.values()) {
            schema.load(admin, fixture, Statistics.FRESH);
            for (ClaimStrategy<?> s : strategies) {
                if (schema.fixtures(s, fixtures).stream().anyMatch(f -> f.name().equals(fixture.name()))) {
                    statements.get(s.name()).addAll(capture(s, fixture));
                }
            }
        }
        Map<String, List<Facts>> out = new LinkedHashMap<>();
        for (Statistics condition : Statistics.values()) {
            String loaded = null;
            for (ClaimStrategy<?> s : strategies) {
                ModelFixture first = schema.fixtures(s, fixtures).get(0);
                if (!first.name().equals(loaded)) {
                    schema.load(admin, first, condition); // as the harness plans it: the strategy's first fixture
                    loaded = first.name();
                }
                String claimSql = ClaimSqlRenderer.render(s);
                out.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(new Facts(s.name(), s.isolation(), condition, claimSql,
                        PlanFacts.explain(connection, claimSql), statements.get(s.name()), model,
                        s.batch().isPresent() ? s.batch().getAsInt() : null));
            }
        }
        return out;
    }

    /** Runs the strategy once alone in a transaction, rolls it back, and plans each statement it sent on the same rows. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<StatementFacts> capture(ClaimStrategy strategy, ModelFixture fixture) throws SQLException {
        StatementLog log = new StatementLog();
        DSLContext dsl = log.attach(Jooq.dsl(connection));
        dsl.configuration().data(CAPTURE_RUN, Boolean.TRUE);
        connection.setAutoCommit(false);
        try {
            connection.setTransactionIsolation(strategy.isolation().jdbcLevel());
            log.phase(StatementLog.Phase.CLAIM);
            List<? extends Record> claimed = strategy.claim(dsl);
            if (!claimed.isEmpty()) {
                log.phase(StatementLog.Phase.WRITE);
                strategy.write(dsl, claimed);
            }
        } catch (RuntimeException e) {
            // A refused claim or a failing write: the statements sent until then are the facts there are.
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        DSLContext inliner = DSL.using(SQLDialect.POSTGRES, Jooq.settings());
        List<StatementFacts> out = new ArrayList<>();
        Map<StatementLog.Phase, Integer> index = new EnumMap<>(StatementLog.Phase.class);
        for (StatementLog.Entry e : log.entries()) {
            String sql = e.query() != null ? inliner.renderInlined(e.query()) : e.sql();
            int i = index.merge(e.phase(), 1, Integer::sum) - 1;
            out.add(StatementFacts.of(e.phase(), i, fixture.name(), sql, PlanFacts.explain(connection, sql)));
        }
        return out;
    }

    /** Applies the rules to one condition's facts. */
    public static Prediction decide(Facts f) {
        List<Prediction> found = new ArrayList<>();
        for (Rule r : RULES) {
            Optional<Prediction> p = r.apply(f);
            if (p.isPresent() && r.decisive()) {
                return p.get();
            }
            p.ifPresent(found::add);
        }
        Optional<String> caveat = RULES.stream().filter(r -> r instanceof UnfencedLimit).findFirst()
                .flatMap(r -> ((UnfencedLimit) r).caveat(f));
        Prediction chosen = found.stream().min(Comparator.comparing(Prediction::verdict)).orElseGet(() -> safe(f));
        return caveat.map(c -> new Prediction(chosen.statistics(), chosen.verdict(), chosen.rule(), chosen.reason() + " " + c,
                chosen.fix().isEmpty() ? c.substring(c.lastIndexOf("; ") + 2, c.length() - 1) : chosen.fix())).orElse(chosen);
    }

    private static Prediction safe(Facts f) {
        Set<String> locked = new LinkedHashSet<>(), other = new LinkedHashSet<>();
        for (PlanFacts.Scan s : f.claim().scans()) {
            (f.lockedAliases().contains(s.alias()) ? locked : other).add(s.relation());
        }
        other.removeAll(locked);
        Set<String> guarded = new LinkedHashSet<>();
        f.unlockedWritten().forEach(h -> guarded.add(h.relation()));
        other.removeAll(guarded);
        String groupRow = UnlockedEligibility.groupRow(f);
        String guard = groupRow != null ? "cannot make two claims take one group: every claim goes through the group's own "
                + f.claim().relationOf(groupRow) + " row, which it locks and marks, so a claim with an older snapshot re-checks "
                + "that row (EvalPlanQual) and skips the group"
                : f.laterClaims().isEmpty() && UnlockedEligibility.itemsRechecked(f)
                ? "cannot make a claim take an item twice: the claim locks the item's own row, which another claim's "
                + "commit changed, and re-checks it (EvalPlanQual)"
                : (guarded.size() == 1 ? "is" : "are") + " guarded by a later claim statement (a re-check after the lock, or "
                + "an INSERT ... ON CONFLICT DO NOTHING that only one claim wins)";
        String others = (guarded.isEmpty() ? "" : (locked.isEmpty() ? "" : "; ") + String.join(", ", guarded) + ", read unlocked "
                + "and written, " + guard)
                + (other.isEmpty() ? "" : (locked.isEmpty() && guarded.isEmpty() ? "" : "; ") + String.join(", ", other)
                + (other.size() == 1 ? " is" : " are") + " not written by the claim");
        return new Prediction(f.statistics(), Verdict.SAFE, "locked-or-rechecked", "Every relation deciding eligibility is "
                + "locked or re-checked: " + (locked.isEmpty() ? "" : "the claim locks the rows it reads of " + String.join(", ", locked))
                + others + ". Under READ COMMITTED a row another claim changed since the snapshot is re-checked when locked "
                + "(EvalPlanQual) and dropped.", "");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

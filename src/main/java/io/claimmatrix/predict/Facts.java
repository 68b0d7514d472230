package io.claimmatrix.predict;

import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.StatementLog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the rules read about one variant under one statistics condition: its isolation level, its claim
 * statement's text and plan, the statements it sent when run alone once (rolled back), and the model's keys.
 *
 * @param variant    the strategy's name
 * @param claimSql   the claim statement as the strategy renders it
 * @param claim      its plan under {@code statistics}
 * @param statements the statements one claim sent on each fixture, in order (the claim statement first)
 * @param model      the model's keys, item table and group column
 * @param batch      the batch the strategy declares ({@code -- batch: N}, {@code batch()}), or {@code null} when it
 *                   declares none (its LIMIT is then its batch)
 */
public record Facts(String variant, Isolation isolation, Statistics statistics, String claimSql, PlanFacts claim,
                    List<StatementFacts> statements, ModelFacts model, Integer batch) {

    /** Facts of a strategy that declares no batch. */
    public Facts(String variant, Isolation isolation, Statistics statistics, String claimSql, PlanFacts claim,
                 List<StatementFacts> statements, ModelFacts model) {
        this(variant, isolation, statistics, claimSql, claim, statements, model, null);
    }

    /**
     * A write to a table: by the claim statement itself ({@code statement} {@code null}: an UPDATE ... RETURNING, a
     * data-modifying CTE) or by a later statement.
     *
     * @param operation {@code Insert}, {@code Update} or {@code Delete}
     * @param conflict  an INSERT's ON CONFLICT action ({@code NOTHING}, {@code UPDATE}), else {@code null}
     */
    public record Write(String relation, String operation, String conflict, StatementFacts statement) {

        public boolean inClaimStatement() {
            return statement == null;
        }

        public Map<String, String> constants() {
            return statement == null ? Map.of() : statement.constants();
        }

        /** {@code INSERT INTO claimed_jobs}, {@code UPDATE imports}. */
        public String describe() {
            return operation.toUpperCase(java.util.Locale.ROOT) + (operation.equals("Insert") ? " INTO " : operation.equals("Delete")
                    ? " FROM " : " ") + relation + (conflict == null ? "" : " ON CONFLICT DO " + conflict);
        }
    }

    /** Whether the claim statement's locking clause takes shared locks ({@code FOR SHARE}), which two claims hold at once. */
    public boolean sharedLock() {
        return StatementFacts.sharedLock(claimSql);
    }

    /** Whether the claim statement's locking clause skips locked rows. */
    public boolean skipLocked() {
        return StatementFacts.skipLocked(claimSql);
    }

    /**
     * The aliases whose rows the claim statement holds against another claim: those its locking clause marks (unless
     * it takes shared locks), and the target of its own UPDATE or DELETE (which locks each row it changes and, under
     * READ COMMITTED, re-checks the newest version: EvalPlanQual).
     */
    public Set<String> lockedAliases() {
        Set<String> out = new LinkedHashSet<>(sharedLock() ? Set.of() : claim.rowMarks());
        claim.modifications().stream().filter(m -> !"Insert".equals(m.operation())).map(PlanFacts.Node::alias)
                .filter(Objects::nonNull).forEach(out::add);
        return out;
    }

    /** Every write of the claim: the claim statement's own, then those of the statements it sent after it. */
    public List<Write> writes() {
        List<Write> out = new java.util.ArrayList<>();
        claim.modifications().forEach(m -> out.add(new Write(m.relation(), m.operation(), m.conflict(), null)));
        for (StatementFacts s : later()) {
            s.plan().modifications().forEach(m -> out.add(new Write(m.relation(), m.operation(), m.conflict(), s)));
        }
        return out;
    }

    /** The statements after the claim statement (a re-check, a lock by key, the write), on every fixture. */
    public List<StatementFacts> later() {
        return statements.stream().filter(s -> !(s.phase() == StatementLog.Phase.CLAIM && s.index() == 0) && !s.plan().refused()).toList();
    }

    /** The further claim statements (a re-check, a lock by key, an arbiter insert). */
    public List<StatementFacts> laterClaims() {
        return later().stream().filter(s -> s.phase() == StatementLog.Phase.CLAIM).toList();
    }

    /**
     * The writes that may change rows the claim read through {@code alias}: writes to its table whose constants do not
     * contradict the constants the plan holds the alias's rows to ({@code init.kind = 'initial'} is not written by an
     * UPDATE of {@code kind = 'incremental'}).
     */
    public List<Write> writesThrough(String alias) {
        String relation = claim.relationOf(alias);
        Map<String, String> read = claim.constants(alias);
        return writes().stream().filter(w -> w.relation().equals(relation))
                .filter(w -> w.constants().entrySet().stream().allMatch(e -> !read.containsKey(e.getKey()) || read.get(e.getKey()).equals(e.getValue())))
                .toList();
    }

    /** The aliases that decide eligibility, are written by the claim, and are not locked: where another claim's commit goes unseen. */
    public List<PlanFacts.Scan> unlockedWritten() {
        Set<String> locked = lockedAliases();
        return claim.scans().stream().filter(s -> !locked.contains(s.alias()) && !writesThrough(s.alias()).isEmpty()).toList();
    }

    /**
     * The alias as the claim's SQL writes it. EXPLAIN gives a name used twice in one statement a suffix ({@code jobs}
     * and {@code jobs_1} for a table named bare in the UPDATE and in its subquery; {@code d_1} for a second {@code d}):
     * a name the SQL never says is told, and put in a locking clause, by the name it does say.
     */
    public String userAlias(String alias) {
        java.util.regex.Matcher m = PLANNER_SUFFIX.matcher(alias);
        if (!m.matches() || java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(alias) + "\\b",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(claimSql).find()) {
            return alias;
        }
        return m.group(1);
    }

    private static final java.util.regex.Pattern PLANNER_SUFFIX = java.util.regex.Pattern.compile("(.+)_\\d+");

    /** {@code jobs}, or {@code imports (as incr)}, by the names the claim's SQL uses. */
    public String named(PlanFacts.Scan s) {
        String alias = userAlias(s.alias());
        return alias.equals(s.relation()) ? s.relation() : s.relation() + " (as " + alias + ")";
    }

    public String named(List<PlanFacts.Scan> scans) {
        return scans.stream().map(this::named).distinct().collect(Collectors.joining(", "));
    }

    /** The facts in a few lines: the plan's outline, what it locks, each later statement and its constants. */
    public String describe() {
        StringBuilder b = new StringBuilder(claim.refused() ? "refused: " + claim.error() + "\n" : claim.outline());
        b.append("locked: ").append(lockedAliases()).append("; unlocked and written: ").append(named(unlockedWritten())).append('\n');
        for (StatementFacts s : statements) {
            b.append(s.phase()).append(' ').append(s.index()).append(" [").append(s.fixture()).append("] ")
                    .append(s.sql().replaceAll("\\s+", " ")).append(" ").append(s.constants()).append(s.columns())
                    .append(s.plan().refused() ? " (not planned: " + s.plan().error() + ")" : "").append('\n');
        }
        return b.toString();
    }

    /** Whether the claim is at READ COMMITTED, where a statement that waits re-checks the newest row version. */
    public boolean readCommitted() {
        return isolation == Isolation.READ_COMMITTED;
    }
}

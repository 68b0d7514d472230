package io.claimmatrix.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one statement's plan says, read from {@code EXPLAIN (VERBOSE, FORMAT JSON)}: the relations it scans (by alias),
 * the rows its locking clause marks (a {@code LockRows} node's {@code Output} lists {@code <alias>.ctid} for each
 * relation it locks), the tables it modifies, and the qualifications (Filter, Index Cond, Join Filter, Hash Cond, ...)
 * split into their top-level {@code AND} terms. Or, when PostgreSQL refuses to plan it, its SQLSTATE and message.
 *
 * <p>Source: PostgreSQL manual, "EXPLAIN" (VERBOSE shows each node's output columns) and "SELECT: The Locking Clause".
 */
public final class PlanFacts {

    /** The qualification fields of a plan node. */
    private static final List<String> CONDITIONS = List.of("Filter", "Index Cond", "Recheck Cond", "Join Filter", "Hash Cond",
            "Merge Cond", "TID Cond", "One-Time Filter");
    /** Nodes that read their whole input before returning a row: a function in a scan below them runs on every row. */
    static final Set<String> BLOCKING = Set.of("Sort", "Incremental Sort", "Hash", "Materialize", "Aggregate", "WindowAgg",
            "SetOp", "Unique", "Gather Merge");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code alias.ctid}, or a bare {@code ctid} (EXPLAIN prefixes output columns only when the query has several relations). */
    private static final Pattern CTID = Pattern.compile("^(?:\"?([\\w$]+)\"?\\.)?ctid$");
    private static final Pattern COLUMN = Pattern.compile("\"?([A-Za-z_][\\w$]*)\"?\\.\"?([A-Za-z_][\\w$]*)\"?");
    private static final Pattern CONSTANT = Pattern.compile("^\"?([\\w$]+)\"?\\.\"?([\\w$]+)\"? = ('(?:[^']|'')*'|-?\\d+(?:\\.\\d+)?)(?:::[\\w ]+)?$");
    private static final Pattern JOIN = Pattern.compile("^\"?([\\w$]+)\"?\\.\"?([\\w$]+)\"? = \"?([\\w$]+)\"?\\.\"?([\\w$]+)\"?$");

    /** One plan node. */
    public record Node(String type, String relation, String alias, String parentRelationship, String operation,
                       String conflict, String joinType, List<String> output, List<String> conditions, Node parent, List<Node> children) {

        /** {@code Seq Scan on jobs head}. */
        public String describe() {
            return type + (relation == null ? "" : " on " + relation + (alias != null && !alias.equals(relation) ? " " + alias : ""));
        }
    }

    /** A scanned relation under an alias. */
    public record Scan(String alias, String relation) {
    }

    private final String sql;
    private final Node root;
    private final String sqlState;
    private final String error;
    private final List<Node> nodes = new ArrayList<>();

    private PlanFacts(String sql, Node root, String sqlState, String error) {
        this.sql = sql;
        this.root = root;
        this.sqlState = sqlState;
        this.error = error;
        if (root != null) {
            collect(root);
        }
    }

    /** A named parameter of a .sql strategy ({@code :ids}, bound as {@code text[]}); not a {@code ::type} cast. */
    private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");

    /**
     * Plans {@code sql} on {@code c} (its search_path names the run schema); a refusal is kept, not thrown. A statement
     * with named parameters ({@code :ids}) is prepared with each one a {@code text[]}, as the kit binds it, and its
     * generic plan explained ({@code plan_cache_mode = force_generic_plan}, {@code EXPLAIN EXECUTE}).
     */
    public static PlanFacts explain(Connection c, String sql) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        String planned = NAMED.matcher(sql).replaceAll(m -> "\\$" + numbers.computeIfAbsent(m.group(1), k -> numbers.size() + 1));
        try (Statement s = c.createStatement()) {
            if (numbers.isEmpty()) {
                return plan(sql, s, "EXPLAIN (VERBOSE, COSTS OFF, FORMAT JSON)\n" + sql);
            }
            String types = String.join(", ", java.util.Collections.nCopies(numbers.size(), "text[]"));
            String nulls = String.join(", ", java.util.Collections.nCopies(numbers.size(), "NULL"));
            s.execute("PREPARE claim_matrix_predict(" + types + ") AS\n" + planned);
            try {
                s.execute("SET plan_cache_mode = force_generic_plan");
                return plan(sql, s, "EXPLAIN (VERBOSE, COSTS OFF, FORMAT JSON) EXECUTE claim_matrix_predict(" + nulls + ")");
            } finally {
                s.execute("RESET plan_cache_mode");
                s.execute("DEALLOCATE claim_matrix_predict");
            }
        } catch (SQLException e) {
            return new PlanFacts(sql, null, e.getSQLState(), e.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", ""));
        }
    }

    private static PlanFacts plan(String sql, Statement s, String explain) throws SQLException {
        try (ResultSet rs = s.executeQuery(explain)) {
            rs.next();
            return of(sql, rs.getString(1));
        }
    }

    /** Reads an {@code EXPLAIN (VERBOSE, FORMAT JSON)} result. */
    public static PlanFacts of(String sql, String json) {
        try {
            return new PlanFacts(sql, node(JSON.readTree(json).get(0).get("Plan"), null), null, null);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an EXPLAIN (FORMAT JSON) result: " + e.getMessage(), e);
        }
    }

    private static Node node(JsonNode n, Node parent) {
        List<String> conditions = new ArrayList<>();
        for (String key : CONDITIONS) {
            if (n.hasNonNull(key)) {
                conditions.add(n.get(key).asText());
            }
        }
        List<String> output = new ArrayList<>();
        n.path("Output").forEach(o -> output.add(o.asText()));
        List<Node> children = new ArrayList<>();
        Node self = new Node(n.path("Node Type").asText(), text(n, "Relation Name"), text(n, "Alias"),
                text(n, "Parent Relationship"), text(n, "Operation"), text(n, "Conflict Resolution"), text(n, "Join Type"), output,
                conditions, parent, children);
        n.path("Plans").forEach(child -> children.add(node(child, self)));
        return self;
    }

    private static String text(JsonNode n, String key) {
        return n.hasNonNull(key) ? n.get(key).asText() : null;
    }

    private void collect(Node n) {
        nodes.add(n);
        n.children().forEach(this::collect);
    }

    public String sql() {
        return sql;
    }

    /** Whether PostgreSQL refused to plan the statement. */
    public boolean refused() {
        return error != null;
    }

    public String sqlState() {
        return sqlState;
    }

    public String error() {
        return error;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Every relation a scan reads, by alias, in plan order (the target of an UPDATE or DELETE included). */
    public List<Scan> scans() {
        Map<String, Scan> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.relation() != null && n.alias() != null && !n.type().equals("ModifyTable")) {
                out.putIfAbsent(n.alias(), new Scan(n.alias(), n.relation()));
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * The alias the statement's first output column comes from ({@code d} for {@code SELECT d.id ...}, the target for
     * {@code UPDATE ... RETURNING id}): for a claim, the scan its items are read through; {@code null} when the plan
     * does not say (a refused statement, a computed first column).
     */
    public String firstOutputAlias() {
        if (refused() || nodes.isEmpty() || nodes.get(0).output().isEmpty()) {
            return null;
        }
        Matcher m = COLUMN.matcher(nodes.get(0).output().get(0).trim());
        return m.lookingAt() ? m.group(1) : null;
    }

    /**
     * The table column the statement's output column {@code index} (from 0) reads as it is, e.g. {@code tenant_id} for
     * {@code SELECT id, tenant_id AS grp}; {@code null} for a computed column, a refused statement, or no such column.
     */
    public String outputColumn(int index) {
        if (refused() || nodes.isEmpty() || nodes.get(0).output().size() <= index) {
            return null;
        }
        String out = nodes.get(0).output().get(index).trim();
        Matcher m = COLUMN.matcher(out);
        if (m.matches()) {
            return m.group(2);
        }
        // EXPLAIN VERBOSE leaves a statement over one relation unqualified: "tenant_id".
        Matcher bare = BARE_COLUMN.matcher(out);
        return bare.matches() && scans().stream().map(Scan::relation).distinct().count() == 1 ? bare.group(1) : null;
    }

    private static final Pattern BARE_COLUMN = Pattern.compile("\"?([A-Za-z_][\\w$]*)\"?");

    /** The relation an alias names, or {@code null}. */
    public String relationOf(String alias) {
        return scans().stream().filter(s -> s.alias().equals(alias)).map(Scan::relation).findFirst().orElse(null);
    }

    /**
     * How an alias is read where FOR UPDATE cannot lock it: {@code "Anti"} (the inner side of an anti join: a NOT
     * EXISTS, or a LEFT JOIN ... IS NULL), {@code "Left"}, {@code "Right"} or {@code "Full"} (the nullable side of an
     * outer join); {@code null} when neither.
     */
    public String nullableSide(String alias) {
        for (Node n : nodes) {
            if (n.joinType() == null || n.children().size() < 2) {
                continue;
            }
            List<Node> sides = switch (n.joinType()) {
                case "Left", "Anti" -> List.of(n.children().get(1));
                case "Right" -> List.of(n.children().get(0));
                case "Full" -> n.children();
                default -> List.of();
            };
            if (sides.stream().flatMap(side -> below(side).stream()).anyMatch(b -> alias.equals(b.alias()) && b.relation() != null)) {
                return n.joinType();
            }
        }
        return null;
    }

    /** The LockRows nodes: where a locking clause is applied. */
    public List<Node> lockRows() {
        return nodes.stream().filter(n -> n.type().equals("LockRows")).toList();
    }

    /**
     * The aliases whose rows a locking clause locks. A LockRows node's output carries a {@code ctid} for every relation
     * of its query level, locked or only referenced (a reference mark, kept for the EvalPlanQual re-check); the
     * statement's own locking clauses say which are locked: those named after {@code OF}, or all when one has no OF.
     */
    public Set<String> rowMarks() {
        Set<String> marked = new LinkedHashSet<>();
        Set<String> pulledUp = new LinkedHashSet<>();
        for (Node n : lockRows()) {
            pulledUp.addAll(sublinkAliases(n));
            for (String o : n.output()) {
                Matcher m = CTID.matcher(o.trim());
                if (m.matches()) {
                    if (m.group(1) != null) {
                        marked.add(m.group(1));
                    } else {
                        below(n).stream().filter(b -> b.relation() != null && b.alias() != null).findFirst().ifPresent(b -> marked.add(b.alias()));
                    }
                }
            }
        }
        List<List<String>> clauses = StatementFacts.lockingClauses(sql);
        if (clauses.isEmpty() || clauses.stream().anyMatch(List::isEmpty)) {
            // A clause without OF locks the tables of its own FROM, not those of an EXISTS, NOT EXISTS or IN the
            // planner pulled up into a semi or anti join: their ctid is in the output as a reference mark only.
            marked.removeAll(pulledUp);
            return marked;
        }
        Set<String> named = new LinkedHashSet<>();
        clauses.forEach(named::addAll);
        marked.retainAll(named);
        return marked;
    }

    /**
     * The aliases a locking query level reads through a sublink ({@code EXISTS}, {@code NOT EXISTS}, {@code IN}) that
     * the planner pulled up into a semi or anti join under {@code lockRows}: the join's inner side (its outer side for
     * a {@code Right} semi or anti join). Locking clauses do not reach into sublinks (PostgreSQL manual, SELECT, "The
     * Locking Clause": the tables locked are those of the FROM clause). A sublink the planner turned into a plain join
     * with a unique inner side is not told apart.
     */
    static Set<String> sublinkAliases(Node lockRows) {
        Set<String> out = new LinkedHashSet<>();
        for (Node j : below(lockRows)) {
            if (j.joinType() == null || !(j.joinType().endsWith("Semi") || j.joinType().endsWith("Anti"))) {
                continue;
            }
            String side = j.joinType().startsWith("Right") ? "Outer" : "Inner";
            j.children().stream().filter(c -> side.equals(c.parentRelationship())).flatMap(c -> below(c).stream())
                    .filter(b -> b.relation() != null && b.alias() != null).forEach(b -> out.add(b.alias()));
        }
        return out;
    }

    /** The ModifyTable nodes: each table the statement inserts into, updates or deletes from. */
    public List<Node> modifications() {
        return nodes.stream().filter(n -> n.type().equals("ModifyTable")).toList();
    }

    /** Every top-level AND term of every qualification in the plan, e.g. {@code (incr.kind = 'incremental'::text)} as {@code incr.kind = 'incremental'::text}. */
    public List<String> terms() {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> n.conditions().forEach(c -> conjuncts(c, out)));
        return out;
    }

    /** The constants an alias's rows are held to by the plan's top-level terms: column to literal. */
    public Map<String, String> constants(String alias) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : terms()) {
            Matcher m = CONSTANT.matcher(t);
            if (m.matches() && m.group(1).equals(alias)) {
                out.put(m.group(2), unquote(m.group(3)));
            }
        }
        return out;
    }

    /** The equi-join terms {@code a.x = b.y} between two aliases, as {@code [a, x, b, y]}. */
    public List<String[]> joins() {
        List<String[]> out = new ArrayList<>();
        for (String t : terms()) {
            Matcher m = JOIN.matcher(t);
            if (m.matches() && !m.group(1).equals(m.group(3))) {
                out.add(new String[]{m.group(1), m.group(2), m.group(3), m.group(4)});
            }
        }
        return out;
    }

    /** The columns of an alias that the plan's qualifications refer to. */
    public Set<String> qualifiedColumns(String alias) {
        Set<String> out = new LinkedHashSet<>();
        for (Node n : nodes) {
            for (String c : n.conditions()) {
                Matcher m = COLUMN.matcher(c.replaceAll("'(?:[^']|'')*'", "''"));
                while (m.find()) {
                    if (m.group(1).equals(alias)) {
                        out.add(m.group(2));
                    }
                }
            }
        }
        return out;
    }

    /** The first scan node whose qualifications call {@code function}. */
    public Optional<Node> scanCalling(String function) {
        return nodes.stream().filter(n -> n.relation() != null && n.conditions().stream().anyMatch(c -> c.contains(function + "(")))
                .findFirst();
    }

    /** {@code n} and every node under it. */
    static List<Node> below(Node n) {
        List<Node> out = new ArrayList<>(List.of(n));
        n.children().forEach(c -> out.addAll(below(c)));
        return out;
    }

    /** The nodes from {@code n}'s parent up to the root. */
    public static List<Node> ancestors(Node n) {
        List<Node> out = new ArrayList<>();
        for (Node p = n.parent(); p != null; p = p.parent()) {
            out.add(p);
        }
        return out;
    }

    /** The plan as one indented text, for a reason's evidence. */
    public String outline() {
        StringBuilder b = new StringBuilder();
        if (root != null) {
            outline(root, 0, b);
        }
        return b.toString();
    }

    private static void outline(Node n, int depth, StringBuilder b) {
        b.append("  ".repeat(depth)).append(n.describe()).append('\n');
        n.children().forEach(c -> outline(c, depth + 1, b));
    }

    /** Splits a condition at its top-level ANDs; a term under an OR is not a constraint on the rows, so it is left out. */
    static void conjuncts(String condition, List<String> out) {
        String c = strip(condition.trim());
        List<String> parts = splitTopLevel(c, " AND ");
        if (parts.size() > 1) {
            parts.forEach(p -> conjuncts(p, out));
        } else if (splitTopLevel(c, " OR ").size() == 1) {
            out.add(c);
        }
    }

    /** Removes parentheses that enclose the whole text. */
    private static String strip(String s) {
        while (s.startsWith("(") && s.endsWith(")") && closing(s, 0) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s;
    }

    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String s, String separator) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && s.startsWith(separator, i)) {
                out.add(s.substring(start, i).trim());
                start = i + separator.length();
            }
        }
        out.add(s.substring(start).trim());
        return out;
    }

    private static String unquote(String literal) {
        return literal.startsWith("'") ? literal.substring(1, literal.length() - 1).replace("''", "'") : literal;
    }
}

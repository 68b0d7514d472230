package io.claimmatrix.predict;

import io.claimmatrix.model.ModelSchema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the queue model says, read from its run schema: each table's primary key and unique keys (from
 * {@code pg_index}), the relation claimable.sql takes its key from (its plan's first output column), and the column
 * groups.sql groups items by.
 *
 * @param primaryKeys  table to its primary key's columns
 * @param uniqueKeys   table to the columns of each unique index (the primary key's included)
 * @param itemRelation the table whose rows are the items, or {@code null} when claimable.sql's plan does not say
 * @param groupColumn  groups.sql's group column, or {@code null} for a model without groups
 */
public record ModelFacts(Map<String, List<String>> primaryKeys, Map<String, List<List<String>>> uniqueKeys,
                         String itemRelation, String groupColumn) {

    private static final String KEYS = """
            SELECT c.relname, i.indisprimary, array_to_string(array_agg(a.attname ORDER BY k.ord), ',')
            FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE n.nspname = current_schema() AND i.indisunique
            GROUP BY c.relname, i.indexrelid, i.indisprimary""";

    /** Reads the model's facts on a session whose search_path names the run schema. */
    public static ModelFacts read(Connection c, ModelSchema schema) throws SQLException {
        Map<String, List<String>> primary = new LinkedHashMap<>();
        Map<String, List<List<String>>> unique = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(KEYS)) {
            while (rs.next()) {
                List<String> columns = Arrays.asList(rs.getString(3).split(","));
                unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(columns);
                if (rs.getBoolean(2)) {
                    primary.put(rs.getString(1), columns);
                }
            }
        }
        PlanFacts claimable = PlanFacts.explain(c, schema.model().claimable().sql());
        String itemAlias = claimable.firstOutputAlias();
        String item = itemAlias == null ? null : claimable.relationOf(itemAlias);
        if (item == null && claimable.outputColumn(0) != null) {
            item = claimable.scans().get(0).relation(); // one relation, its output unqualified: SELECT id FROM jobs
        }
        String group = null;
        if (schema.model().groups().isPresent()) {
            String sql = schema.model().groups().get().sql().strip().replaceAll(";\\s*$", "");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + "\n) g LIMIT 0")) {
                group = rs.getMetaData().getColumnCount() > schema.keyColumns() ? rs.getMetaData().getColumnName(schema.keyColumns() + 1) : null;
            }
            // The table column behind it, as the plan computes it: "tenant_id AS grp" groups by tenant_id.
            PlanFacts grouping = PlanFacts.explain(c, sql);
            String column = grouping.outputColumn(schema.keyColumns());
            if (column != null) {
                group = column;
            }
        }
        return new ModelFacts(primary, unique, item, group);
    }

    /** Whether a column is a table's whole primary key. */
    public boolean isKey(String table, String column) {
        return List.of(column).equals(primaryKeys.get(table));
    }

    /** Whether a table's primary key includes the column. */
    public boolean inKey(String table, String column) {
        return primaryKeys.getOrDefault(table, List.of()).contains(column);
    }

    /** A unique key of the table all of whose columns an INSERT of {@code columns} gives values: a second such row fails (23505). */
    public List<String> uniqueKeyCovered(String table, java.util.Collection<String> columns) {
        return uniqueKeys.getOrDefault(table, List.of()).stream().filter(columns::containsAll).findFirst().orElse(null);
    }
}

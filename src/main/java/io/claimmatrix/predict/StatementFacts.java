package io.claimmatrix.predict;

import io.claimmatrix.run.StatementLog;
import io.claimmatrix.sql.StatementLimit;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Row;
import org.jooq.impl.QOM;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement a claim sent, as the kit captured it (one session alone, in a transaction rolled back): its phase
 * (the claim, or the write), its text with values inlined, its plan, and what its own text says, read with jOOQ's
 * parser: the constants its rows are held to ({@code kind = 'incremental'} in an UPDATE's or DELETE's WHERE, or the
 * values an INSERT gives its columns), and its lexical locking clause ({@code FOR SHARE}, {@code OF}, {@code SKIP LOCKED}),
 * which no plan shows.
 *
 * @param phase     the claim (its first statement, a re-check, a lock by key) or the write
 * @param index     its position among the statements of its phase, from 0
 * @param fixture   the fixture it ran on
 * @param sql       the statement, values inlined
 * @param plan      its plan (planned after the rollback, on the same fixture)
 * @param constants column to literal, from its WHERE's top-level equalities or its INSERT's first row
 * @param columns   an INSERT's columns; empty for another statement
 */
public record StatementFacts(StatementLog.Phase phase, int index, String fixture, String sql, PlanFacts plan,
                             Map<String, String> constants, List<String> columns) {

    /** Reads a statement's text with jOOQ's parser; a statement the parser cannot read has no constants. */
    public static StatementFacts of(StatementLog.Phase phase, int index, String fixture, String sql, PlanFacts plan) {
        Query q = parse(sql);
        List<String> columns = q instanceof QOM.Insert<?> insert ? insert.$columns().stream().map(Field::getName).toList() : List.of();
        return new StatementFacts(phase, index, fixture, sql, plan, constants(q), columns);
    }

    /** The statement as jOOQ's model; with RETURNING, the INSERT, UPDATE or DELETE it returns from. */
    private static Query parse(String sql) {
        Query q = io.claimmatrix.sql.SqlParsing.parse(sql).orElse(null);
        if (q instanceof QOM.InsertReturning<?> r) {
            return r.$insert();
        }
        if (q instanceof QOM.UpdateReturning<?> r) {
            return r.$update();
        }
        if (q instanceof QOM.DeleteReturning<?> r) {
            return r.$delete();
        }
        return q;
    }

    /** Column to literal: the top-level {@code column = literal} terms of a WHERE, or the columns of an INSERT's first row. */
    static Map<String, String> constants(Query q) {
        Map<String, String> out = new LinkedHashMap<>();
        if (q instanceof QOM.Insert<?> insert && !insert.$values().isEmpty()) {
            Row first = insert.$values().get(0);
            List<? extends Field<?>> columns = insert.$columns();
            for (int i = 0; i < Math.min(columns.size(), first.$fields().size()); i++) {
                if (first.$fields().get(i) instanceof Param<?> p && p.getValue() != null) {
                    out.put(columns.get(i).getName(), String.valueOf(p.getValue()));
                }
            }
        } else if (q instanceof QOM.Update<?> update) {
            equalities(update.$where(), out);
        } else if (q instanceof QOM.Delete<?> delete) {
            equalities(delete.$where(), out);
        }
        return out;
    }

    private static void equalities(Condition c, Map<String, String> out) {
        if (c instanceof QOM.And and) {
            equalities(and.$arg1(), out);
            equalities(and.$arg2(), out);
        } else if (c instanceof QOM.Eq<?> eq && eq.$arg2() instanceof Param<?> p && !(eq.$arg1() instanceof Param<?>) && p.getValue() != null) {
            out.put(eq.$arg1().getName(), String.valueOf(p.getValue()));
        }
    }

    /** The statement's words, lower case, literals and quoted names dropped ({@link StatementLimit#tokens}). */
    public List<String> tokens() {
        return StatementLimit.tokens(sql);
    }

    /** Whether its locking clause takes a shared lock ({@code FOR SHARE}, {@code FOR KEY SHARE}), which does not exclude another claim. */
    public static boolean sharedLock(String sql) {
        List<String> t = StatementLimit.tokens(sql);
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).equals("for") && (t.get(i + 1).equals("share") || (t.get(i + 1).equals("key") && i + 2 < t.size()
                    && t.get(i + 2).equals("share")))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern LOCKING = java.util.regex.Pattern.compile(
            "\\bfor\\s+(?:update|no\\s+key\\s+update|share|key\\s+share)\\b(?:\\s+of\\s+((?:\"[^\"]+\"|\\w+)(?:\\s*\\.\\s*(?:\"[^\"]+\"|\\w+))*"
                    + "(?:\\s*,\\s*(?:\"[^\"]+\"|\\w+)(?:\\s*\\.\\s*(?:\"[^\"]+\"|\\w+))*)*))?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Each locking clause of a statement's text, as the aliases after its {@code OF} (unquoted, without schema), or an
     * empty list for a clause without OF (it locks every table of its FROM). String literals are ignored.
     */
    public static List<List<String>> lockingClauses(String sql) {
        String text = sql.replaceAll("'(?:[^']|'')*'", "''");
        List<List<String>> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = LOCKING.matcher(text);
        while (m.find()) {
            if (m.group(1) == null) {
                out.add(List.of());
            } else {
                out.add(java.util.Arrays.stream(m.group(1).split(",")).map(String::trim)
                        .map(a -> a.substring(a.lastIndexOf('.') + 1).trim().replace("\"", "")).toList());
            }
        }
        return out;
    }

    /** Whether its text holds {@code SKIP LOCKED}. */
    public static boolean skipLocked(String sql) {
        List<String> t = StatementLimit.tokens(sql);
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).equals("skip") && t.get(i + 1).equals("locked")) {
                return true;
            }
        }
        return false;
    }
}

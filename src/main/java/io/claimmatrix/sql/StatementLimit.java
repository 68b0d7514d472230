package io.claimmatrix.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Reads a claim statement's batch: the most rows it means to take, from its LIMIT (or FETCH FIRST n ROWS). A claim
 * often nests its locking SELECT (an {@code IN (...)} subquery, a CTE, a derived table), so the LIMIT that counts is
 * the one of the SELECT that holds the locking clause ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE},
 * {@code FOR SHARE}, {@code FOR KEY SHARE}); without one, the outermost LIMIT. A LIMIT that is not a number
 * ({@code LIMIT ALL}, a parameter) means unbounded.
 *
 * <p>A lexical reading, not a parse: it skips string literals, quoted identifiers, comments and dollar quotes, and
 * tells nested SELECTs apart by their parentheses. jOOQ's parser would read the statement, but its open-source
 * edition has no traversal of the parsed tree to find the nested LIMIT with.
 */
public final class StatementLimit {

    private StatementLimit() {
    }

    /** One parenthesised level of the statement (or the statement itself, level 0). */
    private static final class Region {
        final int depth;
        Integer limit;
        boolean unboundedLimit;
        boolean locking;

        Region(int depth) {
            this.depth = depth;
        }
    }

    /** The statement's batch, or empty when it has none (no LIMIT, {@code LIMIT ALL}, or a LIMIT that is not a number). */
    public static OptionalInt of(String sql) {
        List<String> tokens = tokens(sql);
        List<Region> regions = new ArrayList<>();
        List<Region> stack = new ArrayList<>();
        Region top = new Region(0);
        regions.add(top);
        stack.add(top);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            Region current = stack.get(stack.size() - 1);
            switch (t) {
                case "(" -> {
                    Region r = new Region(stack.size());
                    regions.add(r);
                    stack.add(r);
                }
                case ")" -> {
                    if (stack.size() > 1) {
                        stack.remove(stack.size() - 1);
                    }
                }
                case "limit" -> {
                    String n = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
                    if (n.matches("\\d+")) {
                        current.limit = Integer.parseInt(n);
                    } else {
                        current.unboundedLimit = true;
                    }
                }
                case "fetch" -> {
                    // FETCH FIRST|NEXT [n] ROW|ROWS ONLY
                    if (i + 2 < tokens.size() && (tokens.get(i + 1).equals("first") || tokens.get(i + 1).equals("next"))) {
                        String n = tokens.get(i + 2);
                        current.limit = n.matches("\\d+") ? Integer.parseInt(n) : n.startsWith("row") ? 1 : null;
                        current.unboundedLimit = current.limit == null;
                    }
                }
                case "for" -> {
                    String a = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
                    String b = i + 2 < tokens.size() ? tokens.get(i + 2) : "";
                    if (a.equals("update") || a.equals("share") || (a.equals("no") && b.equals("key")) || (a.equals("key") && b.equals("share"))) {
                        current.locking = true;
                    }
                }
                default -> {
                }
            }
        }
        Integer locking = null;
        for (Region r : regions) {
            if (r.locking && r.limit != null && !r.unboundedLimit) {
                locking = locking == null ? r.limit : Math.min(locking, r.limit);
            }
        }
        if (locking != null) {
            return OptionalInt.of(locking);
        }
        if (regions.stream().anyMatch(r -> r.locking)) {
            return OptionalInt.empty(); // the locking SELECT has no LIMIT: it may take every row it qualifies
        }
        return top.limit != null && !top.unboundedLimit ? OptionalInt.of(top.limit) : OptionalInt.empty();
    }

    /** Lower-case words, numbers and parentheses; literals, identifiers in quotes and comments dropped. */
    static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        int i = 0, n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = SqlScript.blockCommentEnd(sql, i);
                i = end < 0 ? n : end;
            } else if (c == '\'' || c == '"') {
                int end = SqlScript.quotedEnd(sql, i, c, false);
                i = end < 0 ? n : end;
                out.add(c == '"' ? "\"ident\"" : "'literal'");
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                // A positional parameter ($1): not a number the LIMIT can be read from.
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                out.add("$param");
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                String tag = sql.substring(i, dollarTagEnd(sql, i));
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
                out.add("'literal'");
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                out.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return out;
    }

    /** The end of a {@code $tag$} opening at {@code i}, or -1. */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        if (j < sql.length() && Character.isDigit(sql.charAt(j))) {
            return -1;
        }
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
    }
}

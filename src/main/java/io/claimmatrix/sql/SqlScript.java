package io.claimmatrix.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a block of PostgreSQL text into statements at top-level semicolons and finds {@code :name} parameters,
 * skipping string literals ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}), quoted identifiers, comments and
 * {@code ::} casts. Each statement keeps its text verbatim; only its parameters become JDBC {@code ?} placeholders.
 */
public final class SqlScript {

    /**
     * One statement.
     *
     * @param text       as written, from its first line (comments before it left out) to before the closing semicolon
     * @param jdbcSql    the text with each {@code :name} replaced by {@code ?}
     * @param parameters the parameter names in placeholder order (a name used twice appears twice)
     * @param line       the 1-based line of the file where the statement starts
     * @param paramLines the line of each parameter, for error messages
     */
    public record Statement(String text, String jdbcSql, List<String> parameters, int line, List<Integer> paramLines,
                            List<Integer> paramOffsets) {

        /**
         * The text with each parameter replaced by its value, as SQL: for values the kit writes itself (a fixture's
         * {@code :items}, a number), never for user data.
         */
        public String inlined(java.util.Map<String, String> values) {
            StringBuilder b = new StringBuilder(text);
            for (int i = parameters.size() - 1; i >= 0; i--) {
                int at = paramOffsets.get(i);
                String value = values.get(parameters.get(i));
                if (value == null) {
                    throw new IllegalArgumentException("no value for :" + parameters.get(i));
                }
                b.replace(at, at + 1 + parameters.get(i).length(), value);
            }
            return b.toString();
        }
    }

    /** A quote, comment or dollar-quoted string that never ends; {@code line} is where it began. */
    public static final class UnterminatedException extends Exception {
        public final int line;

        UnterminatedException(String what, int line) {
            super(what + " that starts here never ends");
            this.line = line;
        }
    }

    private SqlScript() {
    }

    /**
     * @param sql       the text of one section of a file
     * @param firstLine the file line of the text's first line
     */
    public static List<Statement> split(String sql, int firstLine) throws UnterminatedException {
        List<Statement> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder jdbc = new StringBuilder();
        List<String> params = new ArrayList<>();
        List<Integer> paramLines = new ArrayList<>();
        List<Integer> paramOffsets = new ArrayList<>();
        int line = firstLine;
        int statementLine = -1; // line of the first character that is not blank or comment
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            int startLine = line;
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && peek(sql, i + 1) == '-') {
                i = sql.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && peek(sql, i + 1) == '*') {
                i = blockCommentEnd(sql, i, startLine);
            } else if (c == ';') {
                flush(out, text, jdbc, params, paramLines, paramOffsets, statementLine);
                statementLine = -1;
                i++;
                continue;
            } else {
                if (statementLine < 0) {
                    statementLine = line;
                    // The statement starts here: comments and blank lines before it are not part of its text.
                    text.setLength(0);
                    jdbc.setLength(0);
                }
                if (c == '\'') {
                    i = quotedEnd(sql, i, '\'', isEscapeString(sql, i), startLine, "string literal");
                } else if (c == '"') {
                    i = quotedEnd(sql, i, '"', false, startLine, "quoted identifier");
                } else if (c == '$' && dollarTag(sql, i) != null) {
                    String tag = dollarTag(sql, i);
                    int close = sql.indexOf(tag, i + tag.length());
                    if (close < 0) {
                        throw new UnterminatedException("dollar-quoted string " + tag, startLine);
                    }
                    i = close + tag.length();
                } else if (c == ':' && peek(sql, i + 1) == ':') {
                    i += 2; // a cast, e.g. id::text
                } else if (c == ':' && Character.isJavaIdentifierStart(peek(sql, i + 1)) && peek(sql, i + 1) != '$') {
                    int end = i + 1;
                    while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                        end++;
                    }
                    params.add(sql.substring(i + 1, end));
                    paramLines.add(line);
                    paramOffsets.add(text.length());
                    text.append(sql, i, end);
                    jdbc.append('?');
                    i = end;
                    continue;
                } else {
                    i++;
                }
            }
            // Everything except a parameter (handled above) is copied verbatim to both forms.
            String piece = sql.substring(start, i);
            line += piece.equals("\n") ? 0 : count(piece, '\n');
            text.append(piece);
            jdbc.append(piece);
        }
        flush(out, text, jdbc, params, paramLines, paramOffsets, statementLine);
        return out;
    }

    private static void flush(List<Statement> out, StringBuilder text, StringBuilder jdbc, List<String> params,
                              List<Integer> paramLines, List<Integer> paramOffsets, int statementLine) {
        if (statementLine >= 0) {
            String raw = text.toString();
            int lead = raw.length() - raw.stripLeading().length();
            List<Integer> offsets = paramOffsets.stream().map(o -> o - lead).toList();
            out.add(new Statement(raw.strip(), jdbc.toString().strip(), List.copyOf(params), statementLine, List.copyOf(paramLines), offsets));
        }
        text.setLength(0);
        jdbc.setLength(0);
        params.clear();
        paramLines.clear();
        paramOffsets.clear();
    }

    private static char peek(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    /** {@code E'...'}: backslash escapes apply (a plain string under standard_conforming_strings has none). */
    private static boolean isEscapeString(String sql, int quote) {
        if (quote == 0 || Character.toUpperCase(sql.charAt(quote - 1)) != 'E') {
            return false;
        }
        return quote == 1 || !Character.isLetterOrDigit(sql.charAt(quote - 2)) && sql.charAt(quote - 2) != '_';
    }

    private static int quotedEnd(String sql, int open, char quote, boolean backslashEscapes, int line, String what)
            throws UnterminatedException {
        int end = quotedEnd(sql, open, quote, backslashEscapes);
        if (end < 0) {
            throw new UnterminatedException(what, line);
        }
        return end;
    }

    /** The index just after the quoted text opening at {@code open} (a doubled quote is a literal one), or -1 if unclosed. */
    static int quotedEnd(String sql, int open, char quote, boolean backslashEscapes) {
        for (int i = open + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i++;
            } else if (c == quote) {
                if (peek(sql, i + 1) == quote) {
                    i++; // doubled quote: a literal quote character
                } else {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private static int blockCommentEnd(String sql, int open, int line) throws UnterminatedException {
        int end = blockCommentEnd(sql, open);
        if (end < 0) {
            throw new UnterminatedException("comment", line);
        }
        return end;
    }

    /** The index just after the block comment opening at {@code open}, or -1 if unclosed. */
    static int blockCommentEnd(String sql, int open) {
        int depth = 0; // PostgreSQL's block comments nest
        for (int i = open; i < sql.length() - 1; i++) {
            if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
                depth++;
                i++;
            } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                depth--;
                i++;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** {@code $$} or {@code $tag$} at {@code i}, or null ({@code $1} is a positional parameter, not a quote). */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        if (j < sql.length() && Character.isDigit(sql.charAt(j))) {
            return null;
        }
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}

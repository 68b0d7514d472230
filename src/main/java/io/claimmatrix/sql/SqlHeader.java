package io.claimmatrix.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- key: value} lines at the top of a claim-matrix {@code .sql} file (a strategy, or a queue model's
 * {@code claimable.sql} and {@code fixture.sql}): every comment line before the first line of SQL. Other comments are
 * kept as prose; a key may repeat only when it continues a text ({@code description}, {@code why}).
 *
 * @param values     key (lower case) to value; repeated continuing keys joined with a space
 * @param lines      key to the 1-based line where it first appears
 * @param bodyLine   the line of the first line that is not blank and not a comment (the SQL), or one past the end
 */
public record SqlHeader(Map<String, String> values, Map<String, Integer> lines, int bodyLine) {

    private static final Pattern LINE = Pattern.compile("--\\s*([A-Za-z][A-Za-z-]*)\\s*:\\s*(.*)");

    /**
     * Reads the header of {@code lines}, up to (not including) the first SQL line, or to a line {@code stopAt}
     * matches (e.g. a strategy's {@code -- claim} section line).
     *
     * @param known      the keys this kind of file takes; any other {@code -- key:} line is an error naming them
     * @param continuing the keys that may repeat, each repetition continuing the text
     * @throws SqlFileException for an unknown key or a repeated one
     */
    public static SqlHeader read(String file, List<String> lines, List<String> known, Set<String> continuing, Pattern stopAt)
            throws SqlFileException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> where = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("--") || (stopAt != null && stopAt.matcher(trimmed).matches())) {
                break;
            }
            Matcher m = LINE.matcher(trimmed);
            if (!m.matches()) {
                continue; // prose
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!known.contains(key)) {
                throw new SqlFileException(file, i + 1, "unknown header '" + key + "' (known: " + String.join(", ", known) + ")");
            }
            if (values.containsKey(key) && !continuing.contains(key)) {
                throw new SqlFileException(file, i + 1, "'" + key + "' is given twice");
            }
            values.merge(key, m.group(2).strip(), (a, b) -> a + " " + b);
            where.putIfAbsent(key, i + 1);
        }
        return new SqlHeader(values, where, i + 1);
    }

    public String get(String key) {
        return values.get(key);
    }

    public String getOrDefault(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The line of {@code key}, or 1 when it is absent (the problem is then the file as a whole). */
    public int line(String key) {
        return lines.getOrDefault(key, 1);
    }

    /** {@code yes}/{@code true} or {@code no}/{@code false}; {@code fallback} when absent. */
    public boolean yesNo(String file, String key, boolean fallback) throws SqlFileException {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new SqlFileException(file, line(key), "'" + key + "' is yes or no, not '" + v + "'");
        };
    }

    /** A whole number of at least 1; {@code fallback} when absent. */
    public int positive(String file, String key, int fallback) throws SqlFileException {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SqlFileException(file, line(key), "'" + key + "' must be a positive whole number, not '" + v + "'");
    }
}

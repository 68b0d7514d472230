package io.claimmatrix.claim.sql;

import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one {@code .sql} strategy file. The format (docs/add-a-strategy.md has a walk-through):
 * <pre>
 * -- name: acme.claim                  (optional: defaults to the file name without .sql)
 * -- isolation: read committed         (required: read committed, repeatable read or serializable)
 * -- description: what it locks, why   (optional; may repeat to continue)
 * -- expect: DUPLICATES                (optional, with why: a verdict you measured)
 * -- why: measured on PostgreSQL 17 ... (required with expect; may repeat to continue)
 * -- needs-incremental-rows: yes       (optional: the claim INNER JOINs the incremental import)
 *
 * -- claim
 * SELECT a.id, incr.status IS NOT NULL AS has_incremental FROM ... FOR UPDATE OF a SKIP LOCKED;
 *
 * -- write
 * UPDATE imports SET status = 'pending' WHERE kind = 'incremental' AND account_id = ANY(:existing_ids);
 * INSERT INTO imports (account_id, kind, status) SELECT id, 'incremental', 'pending' FROM unnest(:missing_ids) AS id;
 * </pre>
 * The write statements bind the claimed account ids as {@code text[]} parameters: {@code :ids} (all),
 * {@code :existing_ids} (the claim saw their incremental import) and {@code :missing_ids} (it saw none).
 */
public final class SqlStrategyFile {

    /** The parameters a write statement may bind. */
    public static final Set<String> WRITE_PARAMETERS = Set.of("ids", "existing_ids", "missing_ids");

    static final List<String> KEYS = List.of("name", "isolation", "description", "expect", "why", "needs-incremental-rows");

    private static final Pattern HEADER = Pattern.compile("--\\s*([A-Za-z][A-Za-z-]*)\\s*:\\s*(.*)");
    private static final Pattern SECTION = Pattern.compile("(?i)--\\s*(claim|write)\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    /** A problem with a file, located: {@code file:line: message} on one line. */
    public static final class SqlFileException extends Exception {
        public final Path file;
        public final int line;

        SqlFileException(Path file, int line, String message) {
            super(file + ":" + line + ": " + message);
            this.file = file;
            this.line = line;
        }
    }

    private SqlStrategyFile() {
    }

    public static SqlClaimStrategy read(Path file) throws SqlFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SqlFileException(file, 1, "cannot read: " + e.getMessage());
        }
        return parse(file, lines);
    }

    static SqlClaimStrategy parse(Path file, List<String> lines) throws SqlFileException {
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, Integer> headerLine = new LinkedHashMap<>();
        StringBuilder claim = null, write = null;
        int claimLine = 0, writeLine = 0;
        StringBuilder current = null;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            String trimmed = line.strip();
            Matcher section = SECTION.matcher(trimmed);
            if (section.matches()) {
                boolean isClaim = section.group(1).equalsIgnoreCase("claim");
                if (isClaim ? claim != null : write != null) {
                    throw new SqlFileException(file, lineNo, "a second '-- " + section.group(1).toLowerCase(Locale.ROOT) + "' section");
                }
                if (!isClaim && claim == null) {
                    throw new SqlFileException(file, lineNo, "'-- write' comes before '-- claim'; the claim statement goes first");
                }
                current = new StringBuilder();
                if (isClaim) {
                    claim = current;
                    claimLine = lineNo + 1;
                } else {
                    write = current;
                    writeLine = lineNo + 1;
                }
                continue;
            }
            if (current != null) {
                current.append(line).append('\n');
                continue;
            }
            // The header: blank lines, "-- key: value" lines and other comments, up to '-- claim'.
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("--")) {
                throw new SqlFileException(file, lineNo, "SQL before the '-- claim' line; start the claim statement with a line '-- claim'");
            }
            Matcher m = HEADER.matcher(trimmed);
            if (m.matches()) {
                String key = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2).strip();
                if (!KEYS.contains(key)) {
                    throw new SqlFileException(file, lineNo, "unknown header '" + key + "' (known: " + String.join(", ", KEYS) + ")");
                }
                boolean continues = key.equals("description") || key.equals("why");
                if (header.containsKey(key) && !continues) {
                    throw new SqlFileException(file, lineNo, "'" + key + "' is given twice");
                }
                header.merge(key, value, (a, b) -> a + " " + b);
                headerLine.putIfAbsent(key, lineNo);
            }
        }
        int lastLine = Math.max(1, lines.size());
        if (claim == null) {
            throw new SqlFileException(file, lastLine, "no '-- claim' line; the claim statement follows a line '-- claim'");
        }
        if (write == null) {
            throw new SqlFileException(file, lastLine, "no '-- write' line; the write statements follow a line '-- write' after the claim");
        }

        String name = header.getOrDefault("name", stem(file));
        if (!NAME.matcher(name).matches()) {
            throw new SqlFileException(file, headerLine.getOrDefault("name", 1),
                    "name '" + name + "' may hold only letters, digits and . _ + - (no spaces, commas or globs)");
        }
        if (!header.containsKey("isolation")) {
            throw new SqlFileException(file, 1, "no '-- isolation:' header (read committed, repeatable read or serializable)");
        }
        Isolation isolation;
        try {
            isolation = Isolation.fromText(header.get("isolation"));
        } catch (IllegalArgumentException e) {
            throw new SqlFileException(file, headerLine.get("isolation"), e.getMessage());
        }
        Expectation expectation = expectation(file, header, headerLine);
        boolean needsIncrementalRows = yesNo(file, header, headerLine, "needs-incremental-rows");
        String description = header.getOrDefault("description", "Claim and write statements from " + file.getFileName() + ".");

        SqlScript.Statement claimStatement = claimStatement(file, claim.toString(), claimLine);
        List<SqlScript.Statement> writes = writeStatements(file, write.toString(), writeLine);
        return new SqlClaimStrategy(file, name, description, isolation, needsIncrementalRows, claimStatement, writes, expectation);
    }

    private static Expectation expectation(Path file, Map<String, String> header, Map<String, Integer> headerLine) throws SqlFileException {
        String expect = header.get("expect");
        String why = header.get("why");
        if (expect == null) {
            if (why != null) {
                throw new SqlFileException(file, headerLine.get("why"), "'why' without 'expect'");
            }
            return null; // the verdict is reported, not checked
        }
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(expect.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SqlFileException(file, headerLine.get("expect"), "unknown verdict '" + expect + "' (one of "
                    + Arrays.stream(Verdict.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
        if (why == null || why.isBlank()) {
            throw new SqlFileException(file, headerLine.get("expect"),
                    "'expect' needs a '-- why:' line saying how you measured it (leave both out to report the verdict unchecked)");
        }
        return new Expectation(verdict, why);
    }

    private static boolean yesNo(Path file, Map<String, String> header, Map<String, Integer> headerLine, String key) throws SqlFileException {
        String v = header.get(key);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new SqlFileException(file, headerLine.get(key), "'" + key + "' is yes or no, not '" + v + "'");
        };
    }

    private static SqlScript.Statement claimStatement(Path file, String text, int firstLine) throws SqlFileException {
        List<SqlScript.Statement> statements = split(file, text, firstLine);
        if (statements.isEmpty()) {
            throw new SqlFileException(file, firstLine - 1, "the '-- claim' section has no statement");
        }
        if (statements.size() > 1) {
            throw new SqlFileException(file, statements.get(1).line(), "the claim is one statement; a second one starts here");
        }
        SqlScript.Statement s = statements.get(0);
        if (!s.parameters().isEmpty()) {
            throw new SqlFileException(file, s.paramLines().get(0), "the claim statement takes no parameters, found ':"
                    + s.parameters().get(0) + "' (only write statements bind " + params() + ")");
        }
        return s;
    }

    private static List<SqlScript.Statement> writeStatements(Path file, String text, int firstLine) throws SqlFileException {
        List<SqlScript.Statement> statements = split(file, text, firstLine);
        if (statements.isEmpty()) {
            throw new SqlFileException(file, firstLine - 1, "the '-- write' section has no statement");
        }
        boolean bindsClaimed = false;
        for (SqlScript.Statement s : statements) {
            for (int i = 0; i < s.parameters().size(); i++) {
                if (!WRITE_PARAMETERS.contains(s.parameters().get(i))) {
                    throw new SqlFileException(file, s.paramLines().get(i), "unknown parameter ':" + s.parameters().get(i)
                            + "' (write statements bind " + params() + ")");
                }
                bindsClaimed = true;
            }
        }
        if (!bindsClaimed) {
            throw new SqlFileException(file, firstLine - 1,
                    "no write statement binds the claimed accounts; use " + params() + ", e.g. account_id = ANY(:ids)");
        }
        return statements;
    }

    private static List<SqlScript.Statement> split(Path file, String text, int firstLine) throws SqlFileException {
        try {
            return SqlScript.split(text, firstLine);
        } catch (SqlScript.UnterminatedException e) {
            throw new SqlFileException(file, e.line, e.getMessage());
        }
    }

    private static String params() {
        return WRITE_PARAMETERS.stream().sorted().map(p -> ":" + p).collect(Collectors.joining(", "));
    }

    private static String stem(Path file) {
        String f = file.getFileName().toString();
        return f.endsWith(".sql") ? f.substring(0, f.length() - 4) : f;
    }
}

package io.claimmatrix.claim.sql;

import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.sql.SqlFileException;
import io.claimmatrix.sql.SqlHeader;
import io.claimmatrix.sql.SqlScript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one {@code .sql} strategy file. The format (docs/add-a-strategy.md has a walk-through):
 * <pre>
 * -- name: jobs.claim                  (optional: defaults to the file name without .sql)
 * -- model: jobs                       (optional: the queue directory's model; for --strategy-dir files, seed)
 * -- isolation: read committed         (required: rc, rr, ser or the full names; a comma list makes one variant per level)
 * -- description: what it locks, why   (optional; may repeat to continue)
 * -- batch: 1                          (optional: the most rows one claim statement may return; default: its LIMIT)
 * -- expect: DUPLICATES                (optional, with why: a verdict you measured; or per condition, e.g.
 * --                                    "fresh SAFE, stale OVERCLAIM" or "rc DUPLICATES, rr ABORTS")
 * -- why: measured on PostgreSQL 17 ... (required with expect; may repeat to continue)
 *
 * -- claim
 * UPDATE jobs SET state = 'running' WHERE id = (SELECT id FROM jobs ... LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id;
 *
 * -- write                             (optional: when the claim statement does not write the claim itself)
 * UPDATE jobs SET locked_by = 'w' WHERE id = ANY(:keys::bigint[]);
 * </pre>
 * The claim section holds one statement or more, run in order: the first takes no parameters; each later one (a
 * re-check, a lock by key) may bind the rows of the one before; the last one's rows are what the transaction claimed,
 * the model's key first. Parameters bind as {@code text[]} (cast them: {@code :keys::bigint[]}): {@code :keys} (the
 * first column), any column of the claim's rows by its name ({@code :id}, {@code :queue}), and, for the seed model's
 * write, {@code :ids} (the same as {@code :keys}), {@code :existing_ids} and {@code :missing_ids} (the ids whose second
 * column, {@code has_incremental}, is true or false).
 */
public final class SqlStrategyFile {

    /** The parameters any later claim statement or write statement may bind, besides the claim's column names. */
    public static final Set<String> KEY_PARAMETERS = Set.of("keys", "ids");
    /** The seed's write parameters, split by the claim's second (boolean) column. */
    public static final Set<String> SEED_PARAMETERS = Set.of("existing_ids", "missing_ids");

    static final List<String> KEYS = List.of("name", "model", "isolation", "description", "batch", "expect", "why", "needs-incremental-rows");

    private static final Pattern SECTION = Pattern.compile("(?i)--\\s*(claim|write)\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private SqlStrategyFile() {
    }

    /** A file of the seed model that names one isolation level: its one strategy. */
    public static SqlClaimStrategy read(Path file) throws SqlFileException {
        List<SqlClaimStrategy> all = read(file, null);
        if (all.size() != 1) {
            throw new SqlFileException(file, 1, "names " + all.size() + " isolation levels; this reader takes one");
        }
        return all.get(0);
    }

    /**
     * Every strategy of one file: one per isolation level it names.
     *
     * @param folderModel the model of the folder the file is in (a queue directory or a built-in model), or
     *                    {@code null} for a {@code --strategy-dir} file (its {@code -- model:} header, else seed)
     */
    public static List<SqlClaimStrategy> read(Path file, String folderModel) throws SqlFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SqlFileException(file, 1, "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), stem(file.getFileName().toString()), lines, folderModel);
    }

    /** As {@link #read(Path, String)}, from a file's text (a built-in model's file on the classpath). */
    public static List<SqlClaimStrategy> parse(String file, String defaultName, List<String> lines, String folderModel)
            throws SqlFileException {
        SqlHeader header = SqlHeader.read(file, lines, KEYS, Set.of("description", "why"), SECTION);
        String claim = null, write = null;
        int claimLine = 0, writeLine = 0;
        StringBuilder current = null;
        for (int i = header.bodyLine() - 1; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            String trimmed = line.strip();
            Matcher section = SECTION.matcher(trimmed);
            if (section.matches()) {
                boolean isClaim = section.group(1).equalsIgnoreCase("claim");
                if (isClaim ? claimLine > 0 : writeLine > 0) {
                    throw new SqlFileException(file, lineNo, "a second '-- " + section.group(1).toLowerCase(Locale.ROOT) + "' section");
                }
                if (!isClaim && claimLine == 0) {
                    throw new SqlFileException(file, lineNo, "'-- write' comes before '-- claim'; the claim statement goes first");
                }
                if (current != null) {
                    claim = current.toString();
                }
                current = new StringBuilder();
                if (isClaim) {
                    claimLine = lineNo + 1;
                } else {
                    writeLine = lineNo + 1;
                }
                continue;
            }
            if (current != null) {
                current.append(line).append('\n');
                continue;
            }
            if (!trimmed.isEmpty() && !trimmed.startsWith("--")) {
                throw new SqlFileException(file, lineNo, "SQL before the '-- claim' line; start the claim statement with a line '-- claim'");
            }
        }
        if (claimLine == 0) {
            throw new SqlFileException(file, Math.max(1, lines.size()), "no '-- claim' line; the claim statement follows a line '-- claim'");
        }
        if (writeLine > 0) {
            write = current.toString();
        } else {
            claim = current.toString();
        }

        String name = header.getOrDefault("name", defaultName);
        if (!NAME.matcher(name).matches()) {
            throw new SqlFileException(file, header.line("name"),
                    "name '" + name + "' may hold only letters, digits and . _ + - (no spaces, commas or globs)");
        }
        String model = model(file, header, folderModel);
        if (!header.has("isolation")) {
            throw new SqlFileException(file, 1, "no '-- isolation:' header (read committed, repeatable read or serializable; "
                    + "a comma list, e.g. rc, rr, ser, makes one variant per level)");
        }
        List<Isolation> levels = new ArrayList<>();
        for (String level : header.get("isolation").split(",")) {
            try {
                Isolation i = Isolation.fromText(level.strip());
                if (levels.contains(i)) {
                    throw new IllegalArgumentException("isolation '" + level.strip() + "' is named twice");
                }
                levels.add(i);
            } catch (IllegalArgumentException e) {
                throw new SqlFileException(file, header.line("isolation"), e.getMessage());
            }
        }
        List<ExpectTerm> expect = expectations(file, header);
        boolean needsIncrementalRows = header.yesNo(file, "needs-incremental-rows", false);
        if (needsIncrementalRows && !QueueModel.SEED.equals(model)) {
            throw new SqlFileException(file, header.line("needs-incremental-rows"), "'needs-incremental-rows' is for the seed model only");
        }
        Integer batch = header.has("batch") ? header.positive(file, "batch", 1) : null;
        String description = header.getOrDefault("description", "Claim and write statements from " + Path.of(file).getFileName() + ".");

        List<SqlScript.Statement> claims = claimStatements(file, claim, claimLine);
        List<SqlScript.Statement> writes = write == null ? List.of() : writeStatements(file, write, writeLine);
        List<SqlClaimStrategy> out = new ArrayList<>();
        for (Isolation level : levels) {
            String variant = levels.size() == 1 ? name : name + "." + level.code();
            out.add(new SqlClaimStrategy(file, variant, model, description, level, needsIncrementalRows, batch, claims, writes,
                    expect == null ? null : expect.stream().filter(t -> t.isolation() == null || t.isolation() == level).toList(),
                    header.get("why")));
        }
        return out;
    }

    private static String model(String file, SqlHeader header, String folderModel) throws SqlFileException {
        String declared = header.get("model");
        if (folderModel == null) {
            return declared == null ? QueueModel.SEED : declared;
        }
        if (declared != null && !declared.equals(folderModel)) {
            throw new SqlFileException(file, header.line("model"), "'model: " + declared + "', but the file is in the folder of model "
                    + folderModel + " (leave the header out, or move the file)");
        }
        return folderModel;
    }

    /** One term of an {@code -- expect:} line: {@code [isolation] [statistics] VERDICT}; a null qualifier matches all. */
    record ExpectTerm(Isolation isolation, Statistics statistics, Verdict verdict) {
    }

    private static List<ExpectTerm> expectations(String file, SqlHeader header) throws SqlFileException {
        String expect = header.get("expect");
        String why = header.get("why");
        if (expect == null) {
            if (why != null) {
                throw new SqlFileException(file, header.line("why"), "'why' without 'expect'");
            }
            return null; // the verdict is reported, not checked
        }
        int line = header.line("expect");
        List<ExpectTerm> terms = new ArrayList<>();
        for (String term : expect.split("[,;]")) {
            String[] words = term.strip().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            Verdict verdict;
            try {
                verdict = Verdict.valueOf(words[words.length - 1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SqlFileException(file, line, "unknown verdict '" + words[words.length - 1] + "' (one of "
                        + Arrays.stream(Verdict.values()).map(Enum::name).collect(Collectors.joining(", "))
                        + ", optionally after rc/rr/ser and fresh/stale, e.g. 'fresh SAFE, stale OVERCLAIM')");
            }
            Isolation isolation = null;
            Statistics statistics = null;
            for (int i = 0; i < words.length - 1; i++) {
                String w = words[i].toLowerCase(Locale.ROOT);
                if (w.equals("fresh") || w.equals("stale")) {
                    statistics = Statistics.valueOf(w.toUpperCase(Locale.ROOT));
                } else {
                    try {
                        isolation = Isolation.fromText(w);
                    } catch (IllegalArgumentException e) {
                        throw new SqlFileException(file, line, "'" + words[i] + "' in '" + term.strip()
                                + "' is neither an isolation level (rc, rr, ser) nor statistics (fresh, stale)");
                    }
                }
            }
            terms.add(new ExpectTerm(isolation, statistics, verdict));
        }
        if (terms.isEmpty()) {
            throw new SqlFileException(file, line, "'expect' names no verdict");
        }
        if (why == null || why.isBlank()) {
            throw new SqlFileException(file, line,
                    "'expect' needs a '-- why:' line saying how you measured it (leave both out to report the verdict unchecked)");
        }
        return terms;
    }

    private static List<SqlScript.Statement> claimStatements(String file, String text, int firstLine) throws SqlFileException {
        List<SqlScript.Statement> statements = split(file, text, firstLine);
        if (statements.isEmpty()) {
            throw new SqlFileException(file, firstLine - 1, "the '-- claim' section has no statement");
        }
        SqlScript.Statement first = statements.get(0);
        if (!first.parameters().isEmpty()) {
            throw new SqlFileException(file, first.paramLines().get(0), "the first claim statement takes no parameters, found ':"
                    + first.parameters().get(0) + "' (a later claim statement, and the write, bind the rows of the one before)");
        }
        for (SqlScript.Statement s : statements.subList(1, statements.size())) {
            checkNames(file, s);
        }
        return statements;
    }

    private static List<SqlScript.Statement> writeStatements(String file, String text, int firstLine) throws SqlFileException {
        List<SqlScript.Statement> statements = split(file, text, firstLine);
        if (statements.isEmpty()) {
            throw new SqlFileException(file, firstLine - 1, "the '-- write' section has no statement (leave the section out "
                    + "when the claim statement writes the claim itself)");
        }
        boolean bindsClaimed = false;
        for (SqlScript.Statement s : statements) {
            checkNames(file, s);
            bindsClaimed |= !s.parameters().isEmpty();
        }
        if (!bindsClaimed) {
            throw new SqlFileException(file, firstLine - 1,
                    "no write statement binds the claimed items; use :keys or a column of the claim, e.g. id = ANY(:keys::bigint[])");
        }
        return statements;
    }

    private static void checkNames(String file, SqlScript.Statement s) throws SqlFileException {
        for (int i = 0; i < s.parameters().size(); i++) {
            if (!PARAMETER_NAME.matcher(s.parameters().get(i)).matches()) {
                throw new SqlFileException(file, s.paramLines().get(i), "parameter ':" + s.parameters().get(i)
                        + "' is not a column name of the claim (lower case, as PostgreSQL names result columns)");
            }
        }
    }

    private static List<SqlScript.Statement> split(String file, String text, int firstLine) throws SqlFileException {
        try {
            return SqlScript.split(text, firstLine);
        } catch (SqlScript.UnterminatedException e) {
            throw new SqlFileException(file, e.line, e.getMessage());
        }
    }

    /** Known parameter names, for messages. */
    static String params(Set<String> columns) {
        Set<String> all = new LinkedHashSet<>(List.of("keys"));
        all.addAll(columns);
        return all.stream().map(p -> ":" + p).collect(Collectors.joining(", "));
    }

    private static String stem(String f) {
        return f.endsWith(".sql") ? f.substring(0, f.length() - 4) : f;
    }
}

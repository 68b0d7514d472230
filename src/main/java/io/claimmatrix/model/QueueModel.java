package io.claimmatrix.model;

import io.claimmatrix.run.Timeouts;
import io.claimmatrix.sql.SqlFileException;
import io.claimmatrix.sql.SqlHeader;
import io.claimmatrix.sql.SqlScript;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A queue model: what a claim runs against. One folder (a built-in model under {@code src/main/resources/models/},
 * or a user's {@code --queue DIR}) holding:
 * <ul>
 *   <li>the schema: {@code changelog.yaml} ({@code .yml}, {@code .xml}, {@code .sql}: any format Liquibase reads), or a
 *       plain {@code schema.sql} the kit applies through Liquibase;</li>
 *   <li>{@code fixture.sql}: the rows every round starts from; may use {@code :items} (its size; {@code -- items: N} in
 *       its header sets the default);</li>
 *   <li>{@code claimable.sql}: one query listing the keys claimable now; its columns are the key (one column, or several
 *       for a composite key), and the claim statement returns the same key first;</li>
 *   <li>optionally {@code groups.sql}: the key columns and a group key, for the rule "at most one claimed item per
 *       group" ({@code GROUP_DUPLICATES});</li>
 *   <li>strategies: every other {@code .sql} file, in the strategy format (docs/add-a-strategy.md).</li>
 * </ul>
 * {@code claimable.sql}'s header may name the model ({@code -- name:}), describe it ({@code -- description:}) and give
 * its lease ({@code -- lease: 30s}: an item claimed again after its lease passed is a redelivery by design, counted
 * apart from duplicates), and the statistics conditions it is measured under when a run does not say
 * ({@code -- statistics: fresh}; default both).
 *
 * <p>The seed's accounts / imports is the built-in model {@value #SEED}; its rows come from the Java fixture
 * ({@link io.claimmatrix.schema.Fixture}: seed or generated accounts, in the shapes a variant needs), so it has no
 * fixture.sql.
 */
public final class QueueModel {

    /** The seed's accounts / imports. */
    public static final String SEED = "seed";
    /** The files of a model folder that are not strategies. */
    public static final Set<String> MODEL_FILES = Set.of("fixture.sql", "claimable.sql", "groups.sql", "schema.sql", "changelog.sql");
    /** The changelog names the kit looks for, in this order. */
    public static final List<String> CHANGELOGS = List.of("changelog.yaml", "changelog.yml", "changelog.xml", "changelog.sql", "schema.sql");
    /** {@code :items} when a fixture's header does not say. */
    public static final int DEFAULT_ITEMS = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final List<String> CLAIMABLE_KEYS = List.of("name", "description", "lease", "statistics");
    private static final List<String> FIXTURE_KEYS = List.of("items", "description");

    /**
     * One statement of a model file.
     *
     * @param file where it comes from, as messages name it
     * @param line the file line it starts on
     */
    public record Query(String file, String sql, String jdbcSql, List<String> parameters, int line, SqlScript.Statement statement) {
    }

    private final String name;
    private final String description;
    private final ModelSource source;
    private final String changelogFile;
    private final Query claimable;
    private final Query groups;
    private final List<Query> fixture;
    private final int defaultItems;
    private final Duration lease;
    private final List<Statistics> defaultStatistics;
    private final List<String> strategyFiles;

    private QueueModel(String name, String description, ModelSource source, String changelogFile, Query claimable,
                       Query groups, List<Query> fixture, int defaultItems, Duration lease, List<Statistics> defaultStatistics,
                       List<String> strategyFiles) {
        this.name = name;
        this.description = description;
        this.source = source;
        this.changelogFile = changelogFile;
        this.claimable = claimable;
        this.groups = groups;
        this.fixture = fixture;
        this.defaultItems = defaultItems;
        this.lease = lease;
        this.defaultStatistics = defaultStatistics;
        this.strategyFiles = strategyFiles;
    }

    /**
     * Reads a model folder: finds the changelog, parses the headers and statements of fixture.sql, claimable.sql and
     * groups.sql. Nothing touches a database yet ({@link ModelSchema#create} applies and checks the rest).
     *
     * @throws SqlFileException the first problem, as {@code file:line: what is wrong}
     */
    public static QueueModel load(ModelSource source) throws SqlFileException {
        String folder = source.describe("");
        String changelog = null;
        for (String c : CHANGELOGS) {
            if (source.read(c).isPresent()) {
                if (changelog != null) {
                    throw new SqlFileException(source.describe(c), 1, "a model has one schema, but " + changelog
                            + " is there too: keep one of them");
                }
                changelog = c;
            }
        }
        if (changelog == null) {
            throw new SqlFileException(folder, 1, "no schema: a queue directory holds changelog.yaml (.yml, .xml, .sql) or schema.sql");
        }

        String claimableFile = source.describe("claimable.sql");
        String claimableText = source.read("claimable.sql").orElseThrow(() -> new SqlFileException(claimableFile, 1,
                "missing: claimable.sql lists the keys claimable at the start of a round, e.g. SELECT id FROM jobs WHERE state = 'ready'"));
        List<String> claimableLines = claimableText.lines().toList();
        SqlHeader header = SqlHeader.read(claimableFile, claimableLines, CLAIMABLE_KEYS, Set.of("description"), null);
        String name = header.getOrDefault("name", source.folderName());
        if (!NAME.matcher(name).matches()) {
            throw new SqlFileException(claimableFile, header.line("name"), "the model's name '" + name
                    + "' may hold only letters, digits, _ and - and starts with a letter" + (header.has("name") ? "" : " (name it with '-- name: ...')"));
        }
        Duration lease = null;
        if (header.has("lease")) {
            try {
                lease = Timeouts.parse(header.get("lease"));
            } catch (IllegalArgumentException e) {
                throw new SqlFileException(claimableFile, header.line("lease"), "lease: " + e.getMessage());
            }
            if (lease.isZero()) {
                throw new SqlFileException(claimableFile, header.line("lease"), "lease must be more than 0");
            }
        }
        List<Statistics> statistics;
        try {
            statistics = Statistics.parse(header.get("statistics"));
        } catch (io.claimmatrix.BadInputException e) {
            throw new SqlFileException(claimableFile, header.line("statistics"), "statistics: fresh, stale or both, not '"
                    + header.get("statistics") + "'");
        }
        Query claimable = single(claimableFile, claimableText, "the claimable query");

        Query groups = null;
        Optional<String> groupsText = source.read("groups.sql");
        if (groupsText.isPresent()) {
            groups = single(source.describe("groups.sql"), groupsText.get(), "the groups query");
        }

        List<Query> fixture = List.of();
        int items = DEFAULT_ITEMS;
        Optional<String> fixtureText = source.read("fixture.sql");
        boolean seed = source instanceof ModelSource.Classpath && name.equals(SEED);
        if (fixtureText.isPresent()) {
            String fixtureFile = source.describe("fixture.sql");
            SqlHeader fh = SqlHeader.read(fixtureFile, fixtureText.get().lines().toList(), FIXTURE_KEYS, Set.of("description"), null);
            items = fh.positive(fixtureFile, "items", DEFAULT_ITEMS);
            fixture = statements(fixtureFile, fixtureText.get());
            if (fixture.isEmpty()) {
                throw new SqlFileException(fixtureFile, 1, "no statement: fixture.sql inserts the rows every round starts from");
            }
            for (Query q : fixture) {
                for (String p : q.parameters()) {
                    if (!p.equals("items")) {
                        throw new SqlFileException(fixtureFile, q.line(), "unknown parameter ':" + p + "' (a fixture takes only :items, its size)");
                    }
                }
            }
        } else if (!seed) {
            throw new SqlFileException(source.describe("fixture.sql"), 1,
                    "missing: fixture.sql inserts the rows every round starts from (it may use :items for its size)");
        }

        List<String> strategies = new ArrayList<>();
        for (String f : source.sqlFiles()) {
            if (!MODEL_FILES.contains(f)) {
                strategies.add(f);
            }
        }
        String description = header.getOrDefault("description", "Queue model " + name + " (" + folder + ").");
        return new QueueModel(name, description, source, changelog, claimable, groups, List.copyOf(fixture), items, lease,
                statistics, List.copyOf(strategies));
    }

    private static Query single(String file, String text, String what) throws SqlFileException {
        List<Query> statements = statements(file, text);
        if (statements.isEmpty()) {
            throw new SqlFileException(file, 1, "no statement: the file holds " + what);
        }
        if (statements.size() > 1) {
            throw new SqlFileException(file, statements.get(1).line(), what + " is one statement; a second one starts here");
        }
        Query q = statements.get(0);
        if (!q.parameters().isEmpty()) {
            throw new SqlFileException(file, q.line(), what + " takes no parameters, found ':" + q.parameters().get(0) + "'");
        }
        return q;
    }

    private static List<Query> statements(String file, String text) throws SqlFileException {
        try {
            return SqlScript.split(text, 1).stream()
                    .map(s -> new Query(file, s.text(), s.jdbcSql(), s.parameters(), s.line(), s)).toList();
        } catch (SqlScript.UnterminatedException e) {
            throw new SqlFileException(file, e.line, e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public ModelSource source() {
        return source;
    }

    /** Whether it ships with the kit ({@code models/<name>/}) rather than coming from {@code --queue}. */
    public boolean builtIn() {
        return source instanceof ModelSource.Classpath;
    }

    /** The seed's accounts / imports, whose rows come from the Java fixture. */
    public boolean isSeed() {
        return builtIn() && name.equals(SEED);
    }

    /** {@code changelog.yaml}, {@code schema.sql}, ...: the file that defines the schema. */
    public String changelogFile() {
        return changelogFile;
    }

    public Query claimable() {
        return claimable;
    }

    public Optional<Query> groups() {
        return Optional.ofNullable(groups);
    }

    /** fixture.sql's statements; empty for the seed model (its fixture is Java). */
    public List<Query> fixture() {
        return fixture;
    }

    /** {@code :items} when the run does not say: fixture.sql's {@code -- items:}, else {@value #DEFAULT_ITEMS}. */
    public int defaultItems() {
        return defaultItems;
    }

    /** The visibility timeout claims take, when the model has one. */
    public Optional<Duration> lease() {
        return Optional.ofNullable(lease);
    }

    /** The statistics conditions a run measures it under when the run does not say ({@code --statistics}). */
    public List<Statistics> defaultStatistics() {
        return defaultStatistics;
    }

    /** The folder's strategy files ({@code .sql} files that are not model files), by file name. */
    public List<String> strategyFiles() {
        return strategyFiles;
    }

    @Override
    public String toString() {
        return name + " (" + source.describe("") + ")";
    }
}

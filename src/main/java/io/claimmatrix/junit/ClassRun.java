package io.claimmatrix.junit;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.db.Preflight;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.model.ModelSource;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.predict.Prediction;
import io.claimmatrix.report.Format;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.StrategyCheck;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schedule.ScheduleRunner;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.search.InterleavingSearch;
import io.claimmatrix.search.MatrixSearch;
import io.claimmatrix.search.SearchResult;
import io.claimmatrix.sql.SqlFileException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@link ClaimMatrix} class's run: its queue model (read when the class starts), and once its first strategy is
 * measured, the model's run schema, the harness (the soak's workers) and the schedule runner (the search's sessions, in
 * a run schema of its own with the interleavings gate). Each strategy is measured once; {@link #close()} drops both
 * schemas after the class.
 */
final class ClassRun implements AutoCloseable {

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private final Class<?> testClass;
    private final ClaimMatrix config;
    private final QueueModel model;
    private final Harness.Settings settings;
    private final Map<Class<?>, List<ClaimStrategy<?>>> instances = new LinkedHashMap<>();
    private final Map<String, ClaimResult> results = new LinkedHashMap<>();
    private final Set<String> checked = new HashSet<>();

    private DatabaseTarget target;
    private String postgresVersion;
    private ModelSchema schema;
    private Harness harness;
    private ScheduleRunner searchRunner;

    private ClassRun(Class<?> testClass, ClaimMatrix config, QueueModel model, Harness.Settings settings) {
        this.testClass = testClass;
        this.config = config;
        this.model = model;
        this.settings = settings;
    }

    /**
     * Reads the class's model files (no database yet).
     *
     * @throws ExtensionConfigurationException a missing file, or a mistake in one, as {@code file:line: what is wrong}
     */
    static ClassRun read(Class<?> testClass, ClaimMatrix config) {
        if (config.workers() < 1 || config.rounds() < 1 || config.items() < 0) {
            throw new ExtensionConfigurationException("@ClaimMatrix of " + testClass.getName() + ": workers and rounds must be at least 1, "
                    + "items at least 0 (0: the fixture's own), got workers = " + config.workers() + ", rounds = " + config.rounds()
                    + ", items = " + config.items());
        }
        ClassLoader loader = testClass.getClassLoader() != null ? testClass.getClassLoader() : ClassRun.class.getClassLoader();
        ModelSource.Named named = new ModelSource.Named(defaultName(config.claimable()), "@ClaimMatrix of " + testClass.getName(),
                config.changelog(), config.fixture(), config.claimable(), config.groups(), loader);
        List<String> missing = new ArrayList<>();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("changelog", config.changelog());
        files.put("fixture", config.fixture());
        files.put("claimable", config.claimable());
        files.put("groups", config.groups());
        files.forEach((attribute, given) -> {
            if (!given.isBlank() && !named.exists(given)) {
                missing.add("@ClaimMatrix(" + attribute + " = \"" + given + "\") of " + testClass.getName() + ": "
                        + (given.startsWith(ModelSource.Named.FILE)
                        ? "no such file (a path is relative to " + Path.of("").toAbsolutePath() + ")"
                        : "no such classpath resource (a name as ClassLoader.getResource takes it, e.g. db/changelog/jobs.yaml from "
                        + "src/main/resources; a file path starts with " + ModelSource.Named.FILE + ")"));
            }
        });
        if (!missing.isEmpty()) {
            throw new ExtensionConfigurationException(String.join("\n", missing));
        }
        // Named after the table its claimable query reads (jobs), rather than after a folder (claim-matrix/).
        String table = named.read("claimable.sql").map(ClassRun::firstTable).orElse(null);
        ModelSource.Named source = table == null ? named : new ModelSource.Named(table, named.origin(), named.changelog(),
                named.fixture(), named.claimable(), named.groups(), loader);
        QueueModel model;
        try {
            model = QueueModel.load(source);
        } catch (SqlFileException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
        FixtureSettings fixtures = new FixtureSettings(Fixture.seed(), config.items() > 0 ? config.items() : null);
        Harness.Settings settings = new Harness.Settings(config.workers(), config.rounds(), fixtures,
                Harness.Settings.DEFAULT_ROUND_DEADLINE, Timeouts.DEFAULTS, List.of(config.statistics()));
        return new ClassRun(testClass, config, model, settings);
    }

    /**
     * The first table the claimable query's FROM names ({@code jobs} for {@code SELECT id FROM jobs WHERE ...}), read
     * with jOOQ's parser; {@code null} when it cannot tell, or the name is not a model name.
     */
    private static String firstTable(String claimableSql) {
        if (io.claimmatrix.sql.SqlParsing.parse(claimableSql).orElse(null) instanceof org.jooq.Select<?> select && !select.$from().isEmpty()) {
            org.jooq.Table<?> t = select.$from().get(0);
            while (t instanceof org.jooq.impl.QOM.JoinTable<?, ?> join) {
                t = join.$table1();
            }
            String name = t instanceof org.jooq.impl.QOM.TableAlias<?> alias ? alias.$table().getName() : t.getName();
            return MODEL_NAME.matcher(name).matches() ? name : null;
        }
        return null; // not a query the parser reads: the folder's name stands
    }

    /** The folder holding the claimable query (its model's name unless its header says {@code -- name:}), else {@code queue}. */
    private static String defaultName(String claimable) {
        String path = claimable.replace('\\', '/');
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            String folder = path.substring(path.lastIndexOf('/', slash - 1) + 1, slash).replace(ModelSource.Named.FILE, "");
            if (MODEL_NAME.matcher(folder).matches()) {
                return folder;
            }
        }
        return "queue";
    }

    QueueModel model() {
        return model;
    }

    /**
     * The strategies these classes make: one per class with a public no-argument constructor, one per isolation
     * level for a class with a public {@code (Isolation)} constructor; the same instances every time.
     */
    synchronized List<ClaimStrategy<?>> strategies(List<Class<? extends ClaimStrategy<?>>> classes) {
        List<ClaimStrategy<?>> out = new ArrayList<>();
        for (Class<? extends ClaimStrategy<?>> type : classes) {
            out.addAll(instances.computeIfAbsent(type, ClassRun::instantiate));
        }
        Map<String, ClaimStrategy<?>> byName = new LinkedHashMap<>();
        for (ClaimStrategy<?> s : out) {
            ClaimStrategy<?> other = byName.putIfAbsent(s.name(), s);
            if (other != null && other != s) {
                throw new ExtensionConfigurationException("two strategies are named '" + s.name() + "': " + other.getClass().getName()
                        + " and " + s.getClass().getName() + "; name() tells them apart in every report");
            }
        }
        return List.copyOf(byName.values());
    }

    private static List<ClaimStrategy<?>> instantiate(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ExtensionConfigurationException(type.getName() + " is abstract: name the strategy classes themselves");
        }
        try {
            Constructor<?> perLevel = publicConstructor(type, Isolation.class);
            if (perLevel != null) {
                List<ClaimStrategy<?>> out = new ArrayList<>();
                for (Isolation level : Isolation.values()) {
                    out.add((ClaimStrategy<?>) perLevel.newInstance(level));
                }
                return out;
            }
            Constructor<?> plain = publicConstructor(type);
            if (plain != null) {
                return List.of((ClaimStrategy<?>) plain.newInstance());
            }
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException("cannot create strategy " + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("cannot create strategy " + type.getName() + ": " + e, e);
        }
        throw new ExtensionConfigurationException(type.getName() + ": a strategy class needs a public no-argument constructor "
                + "(or a public (Isolation) one, for one strategy per isolation level), and a public class");
    }

    private static Constructor<?> publicConstructor(Class<?> type, Class<?>... parameters) {
        try {
            Constructor<?> c = type.getConstructor(parameters);
            return Modifier.isPublic(type.getModifiers()) ? c : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * Opens the run on first use (the shared database, the model's run schema, the harness) and checks the strategies
     * against the model: PostgreSQL parses and analyses each claim statement, nothing runs.
     *
     * @throws ExtensionConfigurationException the model's files or a strategy have a mistake, one line each
     */
    synchronized void check(DatabaseTarget database, List<ClaimStrategy<?>> strategies) {
        try {
            if (schema == null) {
                target = database;
                postgresVersion = Preflight.check(target, settings.workers()).version();
                schema = ModelSchema.create(target.jdbcUrl(), target.user(), target.password(), model, settings.fixtures());
                harness = new Harness(schema, settings);
            }
            List<ClaimStrategy<?>> unchecked = strategies.stream().filter(s -> !checked.contains(s.name())).toList();
            if (!unchecked.isEmpty()) {
                StrategyCheck.check(schema, unchecked);
                unchecked.forEach(s -> checked.add(s.name()));
            }
        } catch (BadInputException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("claim-matrix could not open the run for " + testClass.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The strategy's result: measured (soak, then the search beside each condition's result) the first time it is asked for. */
    synchronized ClaimResult measure(ClaimStrategy<?> strategy) {
        ClaimResult known = results.get(strategy.name());
        if (known != null) {
            return known;
        }
        try {
            List<VariantResult> measured = new ArrayList<>();
            Map<String, SearchResult> searches = new LinkedHashMap<>();
            // The prediction from the plan, as matrix gives it: a failure message then says why and what to change.
            Map<Statistics, Prediction> predicted = MatrixRunner.predict(schema, settings, List.of(strategy))
                    .getOrDefault(strategy.name(), Map.of());
            for (VariantResult r : MatrixRunner.measure(harness, strategy)) {
                r = r.withPrediction(predicted.get(r.statistics().get(0)));
                if (config.search()) {
                    if (searchRunner == null) {
                        searchRunner = ScheduleRunner.open(target, model, new FixtureSettings(Fixture.seed(), null));
                    }
                    SearchResult s = InterleavingSearch.search(searchRunner, strategy, InterleavingSearch.Bound.DEFAULT, r.statistics().get(0));
                    r = r.withSearch(MatrixSearch.outcome(s, r.verdict()));
                    searches.put(r.key(), s);
                }
                measured.add(r);
            }
            ClaimResult result = new ClaimResult(strategy, model, measured, searches);
            results.put(strategy.name(), result);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("claim-matrix could not measure " + strategy.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("claim-matrix was interrupted measuring " + strategy.name(), e);
        }
    }

    /** Every result measured so far, as the reports take them; {@code null} before the first. */
    synchronized MatrixRunner.MatrixResult matrix() {
        if (results.isEmpty()) {
            return null;
        }
        List<VariantResult> all = results.values().stream().flatMap(r -> r.results().stream()).toList();
        return new MatrixRunner.MatrixResult(postgresVersion, target.mode(), settings, all, List.of(model));
    }

    /**
     * Writes the class's report in each format of {@link ClaimMatrix#reports()} and returns the files, plus a summary
     * naming each result that is not SAFE with its first evidence; nothing when no strategy was measured.
     */
    synchronized Report report() {
        MatrixRunner.MatrixResult matrix = matrix();
        if (matrix == null) {
            return null;
        }
        List<Path> written = new ArrayList<>();
        if (!config.reportDirectory().isBlank()) {
            Path dir = Path.of(config.reportDirectory());
            String base = testClass.getName().substring(testClass.getPackageName().isEmpty() ? 0 : testClass.getPackageName().length() + 1)
                    .replace('$', '.');
            try {
                Files.createDirectories(dir);
                for (Format f : config.reports()) {
                    Path file = dir.resolve(base + "." + extension(f));
                    Files.writeString(file, f.render(matrix), StandardCharsets.UTF_8);
                    written.add(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("claim-matrix could not write the report of " + testClass.getName() + " in " + dir, e);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("claim-matrix: ").append(testClass.getSimpleName()).append(", model ").append(model.name()).append(" on PostgreSQL ")
                .append(matrix.postgresVersion()).append(" (").append(matrix.mode()).append("), ").append(settings.workers())
                .append(" workers, ").append(settings.rounds()).append(settings.rounds() == 1 ? " round\n" : " rounds\n");
        int width = matrix.variants().stream().mapToInt(v -> v.key().length()).max().orElse(10);
        for (VariantResult v : matrix.variants()) {
            b.append(String.format(Locale.ROOT, "  %-" + width + "s  %s", v.key(), v.verdict()));
            if (v.verdict() != Verdict.SAFE && !v.evidence().isEmpty()) {
                b.append(": ").append(v.evidence().get(0));
            } else if (v.verdict() != Verdict.SAFE) {
                b.append(": ").append(v.reason());
            }
            b.append('\n');
        }
        if (!written.isEmpty()) {
            b.append("  report: ").append(String.join(", ", written.stream().map(Path::toString).toList())).append('\n');
        }
        return new Report(written, b.toString());
    }

    /** The files written and the summary printed after the class. */
    record Report(List<Path> files, String summary) {
    }

    static String extension(Format f) {
        return switch (f) {
            case MARKDOWN -> "md";
            case JSON -> "json";
            case HTML -> "html";
            case TABLE -> "txt";
        };
    }

    /** Stops the workers and drops the run schemas. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (AutoCloseable c : new AutoCloseable[]{harness, searchRunner, schema}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                failure = failure == null ? (e instanceof RuntimeException re ? re : new IllegalStateException(e)) : failure;
            }
        }
        harness = null;
        searchRunner = null;
        schema = null;
        if (failure != null) {
            throw failure;
        }
    }
}

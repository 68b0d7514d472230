package io.claimmatrix.claim;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.sql.SqlStrategies;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.QueueModel;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;

import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every claim strategy the kit knows: each public {@link ClaimStrategy} class with a no-argument constructor (or an
 * {@code (Isolation)} one: a {@link ClaimShape}, one variant per level) under
 * {@code io.claimmatrix} (or a package listed in {@code -Dclaimmatrix.packages=a.b,c.d}), every
 * {@link StrategySource}'s (the seed's composed matrix), and every strategy file in a built-in model's folder
 * ({@code models/<model>/*.sql}). Adding a class or a file is enough: the tests and the CLI pick it up with no other
 * edit. With {@code --queue DIR}, the catalogue is that directory's strategy files alone ({@link #forQueues}).
 */
public final class StrategyCatalogue {

    public static final String PACKAGES_PROPERTY = "claimmatrix.packages";

    private final List<ClaimStrategy<?>> strategies;
    private final Map<String, ClaimStrategy<?>> byName = new LinkedHashMap<>();

    public StrategyCatalogue(List<? extends ClaimStrategy<?>> strategies) {
        this.strategies = List.copyOf(strategies);
        for (ClaimStrategy<?> s : this.strategies) {
            for (String name : names(s).toList()) {
                ClaimStrategy<?> previous = byName.putIfAbsent(name, s);
                if (previous != null && previous != s) {
                    throw new IllegalStateException("two strategies are named '" + name + "': "
                            + previous.getClass().getName() + " and " + s.getClass().getName());
                }
            }
        }
    }

    /**
     * The strategies of the models of these {@code --queue} directories (their strategy files), or, with none, the
     * built-in ones ({@link #discover()}).
     */
    public static StrategyCatalogue forQueues(ModelCatalogue models, List<java.nio.file.Path> queueDirs) {
        if (queueDirs == null || queueDirs.isEmpty()) {
            return discover();
        }
        List<ClaimStrategy<?>> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (QueueModel m : models.all()) {
            try {
                all.addAll(SqlStrategies.ofModel(m, SqlStrategies.namesOf(all)));
            } catch (BadInputException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
        if (all.isEmpty()) {
            throw new BadInputException(queueDirs.get(0) + ": no strategy: add a .sql file with '-- isolation:' and '-- claim' "
                    + "sections beside claimable.sql (docs/add-a-strategy.md)");
        }
        return new StrategyCatalogue(all);
    }

    /** The built-in strategies plus any found in the packages of {@value #PACKAGES_PROPERTY}. */
    public static StrategyCatalogue discover() {
        List<String> packages = new ArrayList<>(List.of("io.claimmatrix"));
        String extra = System.getProperty(PACKAGES_PROPERTY, "");
        Arrays.stream(extra.split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(packages::add);
        List<ClaimStrategy<?>> found = new ArrayList<>();
        try (ScanResult scan = new ClassGraph().enableClassInfo().acceptPackages(packages.toArray(String[]::new)).scan()) {
            for (ClassInfo info : scan.getClassesImplementing(ClaimStrategy.class)) {
                if (info.isAbstract() || info.isInterface() || !info.isPublic()) {
                    continue;
                }
                Class<?> type = info.loadClass();
                try {
                    // A shape measured at every level: one variant per isolation level (see ClaimShape).
                    var perLevel = type.getConstructor(Isolation.class);
                    for (Isolation level : Isolation.values()) {
                        found.add((ClaimStrategy<?>) perLevel.newInstance(level));
                    }
                    continue;
                } catch (NoSuchMethodException e) {
                    // not one; a plain strategy, next
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create strategy " + type.getName() + ": " + e, e);
                }
                try {
                    var constructor = type.getConstructor();
                    if (Modifier.isPublic(constructor.getModifiers())) {
                        found.add((ClaimStrategy<?>) constructor.newInstance());
                    }
                } catch (NoSuchMethodException e) {
                    // Needs arguments: built by a factory (e.g. the composed matrix), not by discovery.
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create strategy " + type.getName() + ": " + e, e);
                }
            }
            for (ClassInfo info : scan.getClassesImplementing(StrategySource.class)) {
                if (!info.isAbstract() && !info.isInterface() && info.isPublic()) {
                    try {
                        found.addAll(((StrategySource) info.loadClass().getConstructor().newInstance()).strategies(List.copyOf(found)));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot create strategy source " + info.getName() + ": " + e, e);
                    }
                }
            }
        }
        for (QueueModel m : ModelCatalogue.builtIn().all()) {
            found.addAll(SqlStrategies.ofModel(m, SqlStrategies.namesOf(found)));
        }
        return new StrategyCatalogue(found);
    }

    public List<ClaimStrategy<?>> all() {
        return strategies.stream().sorted(Comparator.comparing((ClaimStrategy<?> s) -> s.name())).toList();
    }

    /**
     * The strategies a selection names: comma-separated names, aliases or globs ({@code left.*.rc.*}); {@code *} or
     * blank selects all. A part that matches nothing is an error naming it.
     */
    public List<ClaimStrategy<?>> select(String selection) {
        if (selection == null || selection.isBlank() || selection.trim().equals("*")) {
            return all();
        }
        Map<String, ClaimStrategy<?>> chosen = new LinkedHashMap<>();
        for (String part : selection.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            List<ClaimStrategy<?>> matches = matching(p);
            if (matches.isEmpty()) {
                throw new BadInputException("no variant matches '" + p + "' (claim-matrix list shows them all; for a queue directory, list --queue DIR)");
            }
            matches.forEach(s -> chosen.putIfAbsent(s.name(), s));
        }
        return List.copyOf(chosen.values());
    }

    private List<ClaimStrategy<?>> matching(String pattern) {
        if (byName.containsKey(pattern)) {
            return List.of(byName.get(pattern));
        }
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return List.of();
        }
        // Globs match whole names; '.' is literal, so "left.*" means names starting with "left.".
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace('/', '_'));
        return all().stream().filter(s -> names(s).anyMatch(n -> matcher.matches(Path.of(n.replace('/', '_'))))).toList();
    }

    private static Stream<String> names(ClaimStrategy<?> s) {
        return Stream.concat(Stream.of(s.name()), s.aliases().stream());
    }
}

package io.claimmatrix.claim;

import io.claimmatrix.BadInputException;
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
 * Every claim strategy the kit knows: each public {@link ClaimStrategy} class with a no-argument constructor under
 * {@code io.claimmatrix} (or a package listed in {@code -Dclaimmatrix.packages=a.b,c.d}). Adding a class is enough:
 * the tests and the CLI pick it up with no other edit.
 */
public final class StrategyCatalogue {

    public static final String PACKAGES_PROPERTY = "claimmatrix.packages";

    private final List<ClaimStrategy> strategies;
    private final Map<String, ClaimStrategy> byName = new LinkedHashMap<>();

    public StrategyCatalogue(List<ClaimStrategy> strategies) {
        this.strategies = List.copyOf(strategies);
        for (ClaimStrategy s : this.strategies) {
            for (String name : names(s).toList()) {
                ClaimStrategy previous = byName.putIfAbsent(name, s);
                if (previous != null && previous != s) {
                    throw new IllegalStateException("two strategies are named '" + name + "': "
                            + previous.getClass().getName() + " and " + s.getClass().getName());
                }
            }
        }
    }

    /** The built-in strategies plus any found in the packages of {@value #PACKAGES_PROPERTY}. */
    public static StrategyCatalogue discover() {
        List<String> packages = new ArrayList<>(List.of("io.claimmatrix"));
        String extra = System.getProperty(PACKAGES_PROPERTY, "");
        Arrays.stream(extra.split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(packages::add);
        List<ClaimStrategy> found = new ArrayList<>();
        try (ScanResult scan = new ClassGraph().enableClassInfo().acceptPackages(packages.toArray(String[]::new)).scan()) {
            for (ClassInfo info : scan.getClassesImplementing(ClaimStrategy.class)) {
                if (info.isAbstract() || info.isInterface() || !info.isPublic()) {
                    continue;
                }
                Class<?> type = info.loadClass();
                try {
                    var constructor = type.getConstructor();
                    if (Modifier.isPublic(constructor.getModifiers())) {
                        found.add((ClaimStrategy) constructor.newInstance());
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
                        found.addAll(((StrategySource) info.loadClass().getConstructor().newInstance()).strategies(found));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot create strategy source " + info.getName() + ": " + e, e);
                    }
                }
            }
        }
        return new StrategyCatalogue(found);
    }

    public List<ClaimStrategy> all() {
        return strategies.stream().sorted(Comparator.comparing(ClaimStrategy::name)).toList();
    }

    /**
     * The strategies a selection names: comma-separated names, aliases or globs ({@code left.*.rc.*}); {@code *} or
     * blank selects all. A part that matches nothing is an error naming it.
     */
    public List<ClaimStrategy> select(String selection) {
        if (selection == null || selection.isBlank() || selection.trim().equals("*")) {
            return all();
        }
        Map<String, ClaimStrategy> chosen = new LinkedHashMap<>();
        for (String part : selection.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            List<ClaimStrategy> matches = matching(p);
            if (matches.isEmpty()) {
                throw new BadInputException("no variant matches '" + p + "' (claim-matrix list shows them all)");
            }
            matches.forEach(s -> chosen.putIfAbsent(s.name(), s));
        }
        return List.copyOf(chosen.values());
    }

    private List<ClaimStrategy> matching(String pattern) {
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

    private static Stream<String> names(ClaimStrategy s) {
        return Stream.concat(Stream.of(s.name()), s.aliases().stream());
    }
}

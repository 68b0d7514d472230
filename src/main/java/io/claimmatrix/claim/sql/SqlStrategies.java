package io.claimmatrix.claim.sql;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.sql.SqlFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads {@code .sql} strategy files: every one of some {@code --strategy-dir} directories, or every strategy file of a
 * queue model's folder. All or nothing: every broken file is reported ({@code file:line: problem}, one line each) and
 * none of them runs until all load.
 */
public final class SqlStrategies {

    /**
     * Directories of .sql strategies for the tests, comma-separated: {@code mvn verify -Dclaimmatrix.strategyDirs=a,b}
     * (the pom's default is examples/strategies). The CLI takes {@code --strategy-dir} instead.
     */
    public static final String DIRS_PROPERTY = "claimmatrix.strategyDirs";

    private SqlStrategies() {
    }

    /** The directories {@value #DIRS_PROPERTY} names. */
    public static List<Path> propertyDirectories() {
        return Arrays.stream(System.getProperty(DIRS_PROPERTY, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    /** {@code existing} plus the strategies of {@code directories}, as one catalogue. */
    public static StrategyCatalogue withFiles(List<ClaimStrategy<?>> existing, List<Path> directories) {
        List<ClaimStrategy<?>> all = new ArrayList<>(existing);
        if (!directories.isEmpty()) {
            all.addAll(load(directories, namesOf(existing)));
        }
        return new StrategyCatalogue(all);
    }

    /**
     * Every {@code .sql} file of {@code --strategy-dir} directories; each claims from the model its {@code -- model:}
     * header names (default: seed).
     *
     * @param taken names (and aliases) already in the catalogue, to name a clash before anything runs
     * @throws BadInputException listing every problem, one per line
     */
    public static List<ClaimStrategy<?>> load(List<Path> directories, Map<String, String> taken) {
        List<String> problems = new ArrayList<>();
        List<ClaimStrategy<?>> loaded = new ArrayList<>();
        Map<String, String> names = new HashMap<>(taken);
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                problems.add(dir + ": not a directory (--strategy-dir names a directory of .sql files)");
                continue;
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".sql") && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException e) {
                problems.add(dir + ": cannot list: " + e.getMessage());
                continue;
            }
            if (files.isEmpty()) {
                problems.add(dir + ": no .sql files");
            }
            for (Path file : files) {
                try {
                    add(SqlStrategyFile.read(file, null), names, loaded, problems);
                } catch (SqlFileException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
        return List.copyOf(loaded);
    }

    /**
     * The strategy files in a queue model's own folder (a {@code --queue} directory, or a built-in model's).
     *
     * @throws BadInputException listing every problem, one per line
     */
    public static List<ClaimStrategy<?>> ofModel(QueueModel model, Map<String, String> taken) {
        List<String> problems = new ArrayList<>();
        List<ClaimStrategy<?>> loaded = new ArrayList<>();
        Map<String, String> names = new HashMap<>(taken);
        for (String f : model.strategyFiles()) {
            String file = model.source().describe(f);
            try {
                String text = model.source().read(f).orElseThrow();
                add(SqlStrategyFile.parse(file, f.substring(0, f.length() - 4), text.lines().toList(), model.name()), names, loaded, problems);
            } catch (SqlFileException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
        return List.copyOf(loaded);
    }

    private static void add(List<SqlClaimStrategy> strategies, Map<String, String> names, List<ClaimStrategy<?>> loaded,
                            List<String> problems) {
        for (SqlClaimStrategy s : strategies) {
            String previous = names.putIfAbsent(s.name(), s.file());
            if (previous != null) {
                problems.add(s.file() + ":1: the name '" + s.name() + "' is already taken by " + previous);
            } else {
                loaded.add(s);
            }
        }
    }

    /** Name (and alias) to where it comes from, for {@link #load}'s clash check. */
    public static Map<String, String> namesOf(List<ClaimStrategy<?>> strategies) {
        Map<String, String> names = new HashMap<>();
        for (ClaimStrategy<?> s : strategies) {
            String origin = s instanceof SqlClaimStrategy sql ? sql.file() : s.getClass().getName();
            names.put(s.name(), origin);
            s.aliases().forEach(a -> names.put(a, origin));
        }
        return names;
    }
}

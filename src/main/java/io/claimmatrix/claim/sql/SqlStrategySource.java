package io.claimmatrix.claim.sql;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategySource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Adds the {@code .sql} strategies of the directories in {@code -Dclaimmatrix.strategyDirs=a,b} to the catalogue,
 * so {@code mvn verify} (whose pom passes {@code examples/strategies}) runs them like any other variant.
 * The CLI's {@code --strategy-dir} adds more.
 */
public final class SqlStrategySource implements StrategySource {

    public static final String DIRS_PROPERTY = "claimmatrix.strategyDirs";

    @Override
    public List<ClaimStrategy> strategies(List<ClaimStrategy> handWritten) {
        List<Path> dirs = directories();
        return dirs.isEmpty() ? List.of() : SqlStrategies.load(dirs, SqlStrategies.namesOf(handWritten));
    }

    /** The directories the system property names. */
    public static List<Path> directories() {
        return Arrays.stream(System.getProperty(DIRS_PROPERTY, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }
}

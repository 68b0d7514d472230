package io.claimmatrix.model;

import io.claimmatrix.BadInputException;
import io.claimmatrix.sql.SqlFileException;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.Resource;
import io.github.classgraph.ScanResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every queue model a command can use: the built-in ones (each folder {@code models/<name>/} on the classpath that
 * holds a claimable.sql) and the {@code --queue} directories. All or nothing: every broken folder is reported
 * ({@code file:line: problem}, one line each) before anything runs.
 */
public final class ModelCatalogue {

    private static volatile List<QueueModel> builtIn;

    private final Map<String, QueueModel> models;

    private ModelCatalogue(Map<String, QueueModel> models) {
        this.models = models;
    }

    /** The built-in models, read once per JVM. */
    public static ModelCatalogue builtIn() {
        if (builtIn == null) {
            builtIn = readBuiltIn();
        }
        Map<String, QueueModel> m = new LinkedHashMap<>();
        builtIn.forEach(q -> m.put(q.name(), q));
        return new ModelCatalogue(m);
    }

    private static List<QueueModel> readBuiltIn() {
        TreeSet<String> folders = new TreeSet<>();
        try (ScanResult scan = new ClassGraph().acceptPaths(ModelSource.Classpath.ROOT).scan()) {
            for (Resource r : scan.getResourcesWithLeafName("claimable.sql")) {
                folders.add(r.getPath().substring(0, r.getPath().lastIndexOf('/')));
            }
        }
        List<QueueModel> out = new ArrayList<>();
        for (String folder : folders) {
            try {
                out.add(QueueModel.load(new ModelSource.Classpath(folder)));
            } catch (SqlFileException e) {
                throw new IllegalStateException("built-in model broken: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Only the models of these {@code --queue} directories (none: the built-in models). A user's model stands on its
     * own: the built-in models and their strategies are not loaded beside it, so its names may be anything.
     *
     * @throws BadInputException listing every broken directory, one line each
     */
    public static ModelCatalogue forQueues(List<Path> queueDirs) {
        if (queueDirs == null || queueDirs.isEmpty()) {
            return builtIn();
        }
        Map<String, QueueModel> m = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path dir : queueDirs) {
            if (!Files.isDirectory(dir)) {
                problems.add(dir + ": not a directory (--queue names a directory holding changelog.yaml or schema.sql, "
                        + "fixture.sql, claimable.sql and strategy .sql files)");
                continue;
            }
            try {
                QueueModel q = QueueModel.load(new ModelSource.Directory(dir));
                if (m.containsKey(q.name())) {
                    problems.add(dir.resolve("claimable.sql") + ":1: the model name '" + q.name() + "' is already taken by "
                            + m.get(q.name()).source().describe("") + " (name it with '-- name: ...' in claimable.sql)");
                } else {
                    m.put(q.name(), q);
                }
            } catch (SqlFileException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
        return new ModelCatalogue(m);
    }

    public List<QueueModel> all() {
        return List.copyOf(models.values());
    }

    /**
     * @throws BadInputException when no model has that name
     */
    public QueueModel get(String name) {
        QueueModel q = models.get(name);
        if (q == null) {
            throw new BadInputException("no queue model named '" + name + "' (" + String.join(", ", models.keySet()) + ")");
        }
        return q;
    }

    public boolean contains(String name) {
        return models.containsKey(name);
    }
}

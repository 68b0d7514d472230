package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.claim.sql.SqlStrategies;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.QueueModel;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's strategies come from: the built-in catalogue (plus the .sql files of {@code --strategy-dir}), or
 * the queue models of {@code --queue} directories with their own strategy files. Everything is read, and every broken
 * file named, before anything runs.
 */
public final class StrategySources {

    @Option(names = "--queue", paramLabel = "DIR",
            description = "Your queue model: a directory with changelog.yaml (or .xml, .sql, or a plain schema.sql), fixture.sql, "
                    + "claimable.sql, optional groups.sql, and your strategies as .sql files (repeatable). Runs those instead of "
                    + "the built-in catalogue.")
    List<Path> queues = new ArrayList<>();

    @Option(names = "--strategy-dir", paramLabel = "DIR",
            description = "Also load every .sql strategy file in DIR (repeatable; a file's '-- model:' header names its built-in "
                    + "model, default seed). A broken file stops the command before anything runs.")
    List<Path> strategyDirs = new ArrayList<>();

    private ModelCatalogue models;
    private StrategyCatalogue catalogue;

    /** These options as a command line gives them again, e.g. {@code " --queue my-queue"}; empty when none was given. */
    String asOptions() {
        StringBuilder b = new StringBuilder();
        queues.forEach(q -> b.append(" --queue ").append(q));
        strategyDirs.forEach(d -> b.append(" --strategy-dir ").append(d));
        return b.toString();
    }

    /** The queue models: the --queue directories', else the built-in ones. */
    public ModelCatalogue models() {
        if (models == null) {
            models = ModelCatalogue.forQueues(queues);
        }
        return models;
    }

    /** Every strategy: discovered classes, built-in models' files and --strategy-dir files; or the --queue directories' files. */
    public StrategyCatalogue catalogue() {
        if (catalogue == null) {
            if (!queues.isEmpty() && !strategyDirs.isEmpty()) {
                throw new BadInputException("--strategy-dir adds to the built-in catalogue; with --queue, put the strategy files "
                        + "in the queue directory beside claimable.sql");
            }
            StrategyCatalogue base = StrategyCatalogue.forQueues(models(), queues);
            StrategyCatalogue all = SqlStrategies.withFiles(base.all(), strategyDirs);
            List<String> unknown = all.all().stream().filter(s -> !models().contains(s.model()))
                    .map(s -> s.name() + " claims from model '" + s.model() + "', which does not exist (models: "
                            + String.join(", ", models().all().stream().map(QueueModel::name).toList()) + ")").toList();
            if (!unknown.isEmpty()) {
                throw new BadInputException(String.join("\n", unknown));
            }
            catalogue = all;
        }
        return catalogue;
    }
}

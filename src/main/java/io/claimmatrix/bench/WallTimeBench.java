package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.run.Verdict;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Wall time of the matrix as a user meets it: {@code java -jar claim-matrix.jar matrix} as a new process (JVM start,
 * embedded PostgreSQL start, schema, every variant, report), for a few catalogue sizes and round counts; and
 * {@code mvn -B -ntp verify} of the project (codegen, compile, every test, the jar), run on a copy of the project so
 * the jar this benchmark runs from is not rebuilt under it.
 */
public final class WallTimeBench {

    /** One timed command. */
    public record Run(String label, int variants, int rounds, int repetition, double seconds, int exitCode) {
    }

    /**
     * A point of the grid: the command and its timings. {@code timeouts} counts the variants expected to time out
     * (each waits out its round deadline, whatever else it does), {@code rejected} those PostgreSQL refuses at once.
     */
    public record Point(String label, int variants, int rounds, Stats seconds, List<Integer> exitCodes, String command,
                        long timeouts, long rejected) {
    }

    private WallTimeBench() {
    }

    /**
     * {@code count} variants spread evenly over the catalogue sorted by name (so a subset keeps the full matrix's mix of
     * joins, locks and isolation levels), or all of them when {@code count} is at least the catalogue's size.
     */
    public static List<ClaimStrategy<?>> spread(List<ClaimStrategy<?>> catalogue, int count) {
        List<ClaimStrategy<?>> sorted = catalogue.stream().sorted(Comparator.comparing(ClaimStrategy::name)).toList();
        if (count >= sorted.size()) {
            return sorted;
        }
        List<ClaimStrategy<?>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(sorted.get((int) ((long) i * sorted.size() / count)));
        }
        return out;
    }

    /** Times {@code java -jar jar matrix} for each (variants, rounds) pair, {@code repetitions} times each. */
    public static List<Point> cli(Path java, Path jar, List<ClaimStrategy<?>> catalogue, List<int[]> grid, int repetitions,
                                  List<String> databaseArgs, Consumer<String> progress) throws IOException, InterruptedException {
        List<Point> points = new ArrayList<>();
        for (int[] point : grid) {
            List<ClaimStrategy<?>> variants = spread(catalogue, point[0]);
            String selection = variants.size() == catalogue.size() ? "*"
                    : variants.stream().map(ClaimStrategy::name).collect(Collectors.joining(","));
            List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString(), "matrix", "--variants", selection,
                    "--rounds", String.valueOf(point[1]), "--quiet", "--output", devNull()));
            command.addAll(databaseArgs);
            List<Double> seconds = new ArrayList<>();
            List<Integer> exits = new ArrayList<>();
            for (int rep = 1; rep <= repetitions; rep++) {
                Run run = time("cli", variants.size(), point[1], rep, command, null);
                seconds.add(run.seconds());
                exits.add(run.exitCode());
                progress.accept(String.format(Locale.ROOT, "matrix via CLI, %d variants x %d rounds, rep %d: %.1f s (exit %d)",
                        variants.size(), point[1], rep, run.seconds(), run.exitCode()));
            }
            String shown = "java -jar target/claim-matrix.jar matrix --rounds " + point[1]
                    + (selection.equals("*") ? "" : " --variants <" + variants.size() + " spread over the catalogue>");
            points.add(new Point("cli", variants.size(), point[1], Stats.of(seconds), exits, shown,
                    expected(variants, Verdict.TIMEOUT), expected(variants, Verdict.REJECTED)));
        }
        return points;
    }

    /**
     * Times {@code mvn -B -ntp verify} (with {@code -Dclaimmatrix.variants=selection} unless it is {@code *}) on a copy of
     * {@code project}.
     */
    public static Point mvn(Path project, List<ClaimStrategy<?>> variants, boolean all, int repetitions, Consumer<String> progress)
            throws IOException, InterruptedException {
        String selection = all ? "*" : variants.stream().map(ClaimStrategy::name).collect(Collectors.joining(","));
        int variantCount = variants.size();
        Path copy = Files.createTempDirectory("claim-matrix-bench-mvn-");
        try {
            copyProject(project, copy);
            List<String> command = new ArrayList<>(List.of(mvnExecutable(), "-B", "-ntp", "verify"));
            if (!selection.equals("*")) {
                command.add("-Dclaimmatrix.variants=" + selection);
            }
            List<Double> seconds = new ArrayList<>();
            List<Integer> exits = new ArrayList<>();
            for (int rep = 1; rep <= repetitions; rep++) {
                Run run = time("mvn", variantCount, 0, rep, command, copy);
                seconds.add(run.seconds());
                exits.add(run.exitCode());
                progress.accept(String.format(Locale.ROOT, "mvn verify (%d variants), rep %d: %.1f s (exit %d)",
                        variantCount, rep, run.seconds(), run.exitCode()));
            }
            String shown = "mvn -B -ntp verify" + (selection.equals("*") ? "" : " -Dclaimmatrix.variants=" + selection);
            return new Point("mvn", variantCount, 0, Stats.of(seconds), exits, shown,
                    expected(variants, Verdict.TIMEOUT), expected(variants, Verdict.REJECTED));
        } finally {
            deleteTree(copy);
        }
    }

    private static long expected(List<ClaimStrategy<?>> variants, Verdict verdict) {
        return variants.stream().filter(v -> v.expectation() != null && v.expectation().verdict() == verdict).count();
    }

    private static Run time(String label, int variants, int rounds, int rep, List<String> command, Path dir)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 2 hours");
        }
        return new Run(label, variants, rounds, rep, (System.nanoTime() - start) / 1e9, p.exitValue());
    }

    /** The project's sources, without build output or VCS metadata. */
    private static void copyProject(Path from, Path to) throws IOException {
        Set<String> skip = Set.of("target", ".git", ".idea", ".vscode");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && skip.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().equals(".git")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String mvnExecutable() {
        return System.getProperty("os.name", "").toLowerCase().contains("win") ? "mvn.cmd" : "mvn";
    }

    private static String devNull() {
        return System.getProperty("os.name", "").toLowerCase().contains("win") ? "NUL" : "/dev/null";
    }
}

package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Isolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The pgbench scripts of the benchmarks: the anchors checked into {@code bench/} (copied into the jar), and the
 * throughput script of a strategy, rendered from the statements the strategy itself sends.
 */
public final class PgbenchScripts {

    /** Where the build puts the files of {@code bench/} on the classpath. */
    public static final String RESOURCE_DIR = "claim-matrix/bench/";
    /** The seed's own race test and its driver (see {@code bench/README.md}). */
    public static final List<String> ANCHOR_FILES = List.of("seed-race.sql", "seed-race-setup.sql", "seed-race-reset.sql",
            "seed-race-count.sql", "seed-race.sh");

    private PgbenchScripts() {
    }

    /**
     * Why pgbench cannot replay a strategy's transaction, or empty when it can: pgbench's {@code \aset} keeps only
     * the first row a claim returns, so a claim of several accounts (LIMIT 10) cannot be written back by pgbench.
     */
    public static Optional<String> notReplayable(ClaimStrategy strategy) {
        int limit = strategy.dimensions().map(d -> d.limit()).orElse(1);
        return limit == 1 ? Optional.empty()
                : Optional.of("claims " + limit + " accounts per transaction; pgbench's \\aset keeps only the first row");
    }

    /**
     * One claim transaction of {@code strategy} as a pgbench script, to be run with {@code -M prepared} (or
     * {@code extended}): the claimed id is the bind parameter {@code :id}. A transaction whose claim returns
     * nothing just commits, as a worker of the kit does before it stops.
     */
    public static String throughput(ClaimStrategy strategy) {
        notReplayable(strategy).ifPresent(why -> {
            throw new IllegalArgumentException(strategy.name() + " " + why);
        });
        CapturedTransaction tx = CapturedTransaction.of(strategy);
        StringBuilder b = new StringBuilder();
        b.append("-- ").append(strategy.name()).append(": one claim transaction, exactly as the kit sends it\n")
                .append("-- (statements captured from the strategy by `claim-matrix bench`, values inlined).\n")
                .append("-- Run with pgbench -M prepared (or extended): :id is a bind parameter.\n")
                .append("-- has_incremental is NULL until the claim returns a row (\\aset assigns nothing for none).\n")
                .append("\\set has_incremental NULL\n")
                .append(strategy.isolation() == Isolation.READ_COMMITTED ? "BEGIN;\n"
                        : "BEGIN ISOLATION LEVEL " + strategy.isolation().sql() + ";\n")
                .append(tx.claim()).append(" \\aset\n")
                .append("\\if :has_incremental IS NULL\n")
                .append("-- nothing to claim\n")
                .append("\\elif :has_incremental\n");
        statements(b, tx.recheck(), tx.writeWhenPresent());
        b.append("\\else\n");
        statements(b, tx.recheck(), tx.writeWhenAbsent());
        b.append("\\endif\n").append("COMMIT;\n");
        return b.toString();
    }

    private static void statements(StringBuilder b, List<String> recheck, List<String> write) {
        if (recheck.isEmpty()) {
            write.forEach(sql -> b.append(bind(sql)).append(";\n"));
            return;
        }
        // The kit writes only the accounts its re-check keeps. pgbench cannot test a text result, so the re-check
        // (unchanged) is counted: the count is a number pgbench can branch on.
        for (String sql : recheck) {
            b.append("SELECT count(*) AS kept FROM (").append(bind(sql)).append(") AS recheck \\aset\n");
        }
        b.append("\\if :kept > 0\n");
        write.forEach(sql -> b.append(bind(sql)).append(";\n"));
        b.append("\\endif\n");
    }

    private static String bind(String sql) {
        String quoted = "'" + CapturedTransaction.ACCOUNT_PLACEHOLDER + "'";
        String bound = sql.replace(quoted, ":id");
        if (bound.contains(CapturedTransaction.ACCOUNT_PLACEHOLDER)) {
            throw new IllegalStateException("the claimed id appears unquoted in: " + sql);
        }
        return bound;
    }

    /** Copies the anchor files out of the jar (or the classpath) into {@code dir}; the driver is made executable. */
    public static Path extractAnchors(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : ANCHOR_FILES) {
            try (InputStream in = PgbenchScripts.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + RESOURCE_DIR + name + " on the classpath (the build copies bench/)");
                }
                Path target = dir.resolve(name);
                Files.write(target, in.readAllBytes());
                if (name.endsWith(".sh")) {
                    target.toFile().setExecutable(true);
                }
            }
        }
        return dir;
    }

    /** A file of the anchors as text, e.g. for quoting it in the report. */
    public static String anchor(String name) {
        try (InputStream in = PgbenchScripts.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE_DIR + name + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

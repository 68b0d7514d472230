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
    public static Optional<String> notReplayable(ClaimStrategy<?> strategy) {
        int limit = strategy.dimensions().map(d -> d.limit()).orElse(1);
        return limit == 1 ? Optional.empty()
                : Optional.of("claims " + limit + " accounts per transaction; pgbench's \\aset keeps only the first row");
    }

    /** How pgbench sends the statements. */
    public enum Form {
        /** As the kit sends them: the same SQL text and the same bind values, as pgbench variables. */
        BOUND("bound", "the same statements with the same bind values as the kit"),
        /** With the values inlined as literals, as {@code ClaimSqlRenderer} shows the claim beside its verdict. */
        INLINED("inlined", "the same statements with the values inlined as literals");

        public final String code;
        public final String description;

        Form(String code, String description) {
            this.code = code;
            this.description = description;
        }
    }

    /** A pgbench script and the options it needs ({@code -D name=value} for its string variables). */
    public record Script(String text, List<String> options) {
    }

    /**
     * One claim transaction of {@code strategy} as a pgbench script, to be run with {@code -M prepared}: the
     * claimed id is the bind parameter {@code :id}. A transaction whose claim returns nothing just commits, as a
     * worker of the kit does before it stops.
     */
    public static Script throughput(ClaimStrategy<?> strategy, Form form) {
        notReplayable(strategy).ifPresent(why -> {
            throw new IllegalArgumentException(strategy.name() + " " + why);
        });
        CapturedTransaction tx = CapturedTransaction.of(strategy);
        Variables vars = new Variables();
        String claim = vars.sql(tx.claim(), form);
        List<String> recheck = tx.recheck().stream().map(st -> vars.sql(st, form)).toList();
        List<String> present = tx.writeWhenPresent().stream().map(st -> vars.sql(st, form)).toList();
        List<String> absent = tx.writeWhenAbsent().stream().map(st -> vars.sql(st, form)).toList();

        StringBuilder b = new StringBuilder();
        b.append("-- ").append(strategy.name()).append(": one claim transaction, ").append(form.description).append(".\n")
                .append("-- Captured from the strategy by `claim-matrix bench` (never edited by hand). Run with pgbench -M prepared");
        if (!vars.options().isEmpty()) {
            b.append(" ").append(String.join(" ", vars.options()));
        }
        b.append(".\n-- :id is the claimed account; has_incremental stays NULL when the claim returns no row (\\aset assigns nothing).\n");
        vars.numbers().forEach((name, value) -> b.append("\\set ").append(name).append(' ').append(value).append('\n'));
        b.append("\\set has_incremental NULL\n")
                .append(strategy.isolation() == Isolation.READ_COMMITTED ? "BEGIN;\n"
                        : "BEGIN ISOLATION LEVEL " + strategy.isolation().sql() + ";\n")
                .append(claim).append(" \\aset\n")
                .append("\\if :has_incremental IS NULL\n")
                .append("-- nothing to claim\n")
                .append("\\elif :has_incremental\n");
        statements(b, recheck, present);
        b.append("\\else\n");
        statements(b, recheck, absent);
        b.append("\\endif\n").append("COMMIT;\n");
        return new Script(b.toString(), vars.options());
    }

    private static void statements(StringBuilder b, List<String> recheck, List<String> write) {
        if (recheck.isEmpty()) {
            write.forEach(sql -> b.append(sql).append(";\n"));
            return;
        }
        // The kit writes only the accounts its re-check keeps. pgbench cannot test a text result, so the re-check
        // (unchanged) is counted: the count is a number pgbench can branch on.
        for (String sql : recheck) {
            b.append("SELECT count(*) AS kept FROM (").append(sql).append(") AS recheck \\aset\n");
        }
        b.append("\\if :kept > 0\n");
        write.forEach(sql -> b.append(sql).append(";\n"));
        b.append("\\endif\n");
    }

    /** pgbench variables for bind values: strings through {@code -D}, numbers through {@code \\set}; the account is {@code :id}. */
    private static final class Variables {
        private final java.util.Map<Object, String> names = new java.util.LinkedHashMap<>();

        String sql(CapturedTransaction.Statement st, Form form) {
            if (form == Form.INLINED) {
                String quoted = "'" + CapturedTransaction.ACCOUNT_PLACEHOLDER + "'";
                String bound = st.inlined().replace(quoted, ":id");
                if (bound.contains(CapturedTransaction.ACCOUNT_PLACEHOLDER)) {
                    throw new IllegalStateException("the claimed id appears unquoted in: " + st.inlined());
                }
                return bound;
            }
            StringBuilder out = new StringBuilder();
            int next = 0;
            boolean quoted = false;
            for (char c : st.sql().toCharArray()) {
                if (c == '\'') {
                    quoted = !quoted;
                }
                if (c == '?' && !quoted) {
                    if (next >= st.bindings().size()) {
                        throw new IllegalStateException("more placeholders than bind values in: " + st.sql());
                    }
                    out.append(':').append(name(st.bindings().get(next++)));
                } else {
                    out.append(c);
                }
            }
            if (next != st.bindings().size()) {
                throw new IllegalStateException("fewer placeholders than bind values in: " + st.sql());
            }
            return out.toString();
        }

        private String name(Object value) {
            if (CapturedTransaction.ACCOUNT_PLACEHOLDER.equals(value)) {
                return "id";
            }
            if (!(value instanceof String) && !(value instanceof Number)) {
                throw new IllegalStateException("pgbench cannot bind a " + value.getClass().getSimpleName() + ": " + value);
            }
            return names.computeIfAbsent(value, v -> "v_" + String.valueOf(v).replaceAll("[^A-Za-z0-9]", "_"));
        }

        List<String> options() {
            return names.entrySet().stream().filter(e -> e.getKey() instanceof String)
                    .map(e -> "-D " + e.getValue() + "=" + e.getKey()).toList();
        }

        java.util.Map<String, Object> numbers() {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            names.forEach((value, name) -> {
                if (value instanceof Number) {
                    out.put(name, value);
                }
            });
            return out;
        }
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

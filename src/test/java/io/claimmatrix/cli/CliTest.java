package io.claimmatrix.cli;

import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a user meets it, in this JVM: help and version everywhere, exit codes 0/1/2, results on stdout and
 * problems on stderr, --variants selection, .sql and Java strategies end to end, --expect against a recorded matrix.
 * Runs use the tests' shared server through --db-url, so no extra server starts.
 */
class CliTest {

    /** A URL where nothing listens: a command that reached the database would fail with exit 1, not 2. */
    static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/nothing";

    @TempDir
    Path dir;

    @Test
    void everyCommandAnswersHelpAndVersionOnStdout() {
        CommandLine cli = Main.commandLine();
        Set<String> commands = cli.getSubcommands().keySet();
        assertThat(commands).contains("list", "matrix");
        for (String command : commands) {
            if (command.equals("help")) {
                continue;
            }
            Cli help = Cli.run(command, "--help");
            assertThat(help.exit()).as(command + " --help").isZero();
            assertThat(help.out()).as(command + " --help").startsWith("Usage: claim-matrix " + command);
            assertThat(help.err()).isEmpty();
            Cli version = Cli.run(command, "--version");
            assertThat(version.exit()).isZero();
            assertThat(version.out()).as(command + " --version").startsWith("claim-matrix ");
        }
        assertThat(Cli.run("--version").out()).startsWith("claim-matrix ");
        assertThat(Cli.run("--help").out()).contains("list").contains("matrix");
    }

    @Test
    void usageErrorsExit2WithOneLineOnStderr() {
        for (String[] args : List.of(
                new String[]{"matrix", "--workers", "many"},
                new String[]{"matrix", "--no-such-option"},
                new String[]{"matrix", "--format", "pdf"},
                new String[]{"matrix", "--variants", "no-such-variant"},
                new String[]{"matrix", "--fixture", "huge"},
                new String[]{"matrix", "--db", "oracle"},
                new String[]{"list", "--variants", "left.*,nope*"},
                new String[]{"frobnicate"})) {
            Cli r = Cli.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(Main.USAGE);
            assertThat(r.errLines()).as(String.join(" ", args)).singleElement().asString().startsWith("claim-matrix: ");
            assertThat(r.out()).isEmpty();
        }
        assertThat(Cli.run("matrix", "--format", "pdf").err()).contains("unknown --format 'pdf' (table, markdown, json, html");
        assertThat(Cli.run("list", "--variants", "left.*,nope*").err()).contains("no variant matches 'nope*'");
    }

    @Test
    void variantsTakeNamesAliasesCommaListsAndGlobs() {
        StrategyCatalogue catalogue = new StrategyMixin().catalogue();
        String seed = catalogue.select("seed").get(0).name();
        String workaround = catalogue.select("inner-lock-all").get(0).name();

        assertThat(names(catalogue, seed)).containsExactly(seed);
        assertThat(names(catalogue, "seed, inner-lock-all")).containsExactly(seed, workaround);
        assertThat(names(catalogue, "left.*")).contains(seed).allMatch(n -> n.startsWith("left.")).hasSizeGreaterThan(1);
        assertThat(names(catalogue, "*.rc.*")).contains(seed, workaround).allMatch(n -> n.contains(".rc."));
        assertThat(names(catalogue, "*")).hasSize(catalogue.all().size());
        // The same through the command line.
        assertThat(listed("inner.*,seed")).contains(seed, workaround).allMatch(n -> n.startsWith("inner.") || n.equals(seed))
                .containsExactlyElementsOf(names(catalogue, "inner.*,seed"));
    }

    @Test
    void aBrokenSqlFileStopsEverythingBeforeTheDatabaseIsTouched() throws Exception {
        Files.writeString(dir.resolve("a-good.sql"), Files.readString(Path.of("examples/strategies/seed.sql")).replace("sql.seed", "a-good"));
        Path broken = Files.writeString(dir.resolve("b-broken.sql"), "-- isolation: read committed\n-- claim\nSELECT 1;\n-- write\n");
        Path typo = Files.writeString(dir.resolve("c-typo.sql"), "-- isolation: rc\n-- expect: SAFE\n-- claim\nSELECT 1;\n-- write\nUPDATE t SET a = ANY(:ids);\n");

        Cli r = Cli.run("matrix", "--strategy-dir", dir.toString(), "--db-url", NOWHERE);

        assertThat(r.exit()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).containsExactly(
                "claim-matrix: " + broken + ":4: the '-- write' section has no statement (leave the section out when the claim statement writes the claim itself)",
                "claim-matrix: " + typo + ":2: 'expect' needs a '-- why:' line saying how you measured it (leave both out to report the verdict unchecked)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theSearchRunsBesideTheSoakUnlessNoSearchIsGiven() throws Exception {
        String url = TestDatabase.get().jdbcUrl();
        String[] run = {"matrix", "--queue", "examples/queues/jobs", "--variants", "claim-cte", "--statistics", "fresh", "--rounds", "1",
                "--format", "json", "--db-url", url};

        Cli searched = Cli.run(run);
        String[] soakOnly = java.util.Arrays.copyOf(run, run.length + 1);
        soakOnly[run.length] = "--no-search";
        Cli soak = Cli.run(soakOnly);

        assertThat(searched.exit()).as(searched.err()).isEqualTo(Main.OK);
        assertThat(soak.exit()).as(soak.err()).isEqualTo(Main.OK);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(mapper.readTree(searched.out()).path("variants").get(0).path("search").path("explored").asLong()).isPositive();
        assertThat(mapper.readTree(soak.out()).path("variants").get(0).path("search").isNull()).as("--no-search: no search").isTrue();
    }

    @Test
    void javaAndSqlStrategiesRunEndToEndAndAppearInTheReport() throws Exception {
        // A .sql file with no expectation: reported, not checked.
        Files.writeString(dir.resolve("unchecked.sql"), """
                -- name: acme.unchecked
                -- isolation: read committed
                -- description: The workaround's lock clause, as a team might paste it.
                -- needs-incremental-rows: yes
                -- claim
                SELECT a.id, incr.status IS NOT NULL AS has_incremental
                FROM accounts a
                  JOIN imports init ON init.account_id = a.id AND init.kind = 'initial'
                  JOIN imports incr ON incr.account_id = a.id AND incr.kind = 'incremental'
                WHERE a.last_updated < now() - interval '10 minutes'
                  AND init.status = 'completed' AND incr.status = 'completed'
                ORDER BY a.last_updated LIMIT 1
                FOR UPDATE OF a, init, incr SKIP LOCKED;
                -- write
                UPDATE imports SET status = 'pending' WHERE kind = 'incremental' AND account_id = ANY(:ids);
                """);
        String before = System.setProperty(StrategyCatalogue.PACKAGES_PROPERTY, "testvariants.cli");
        try {
            Cli list = Cli.run("list", "--strategy-dir", dir.toString());
            assertThat(list.out()).contains("acme.batch-upsert").contains("acme.unchecked")
                    .contains("no expectation (verdict reported, not checked)");

            Cli r = Cli.run("matrix", "--variants", "acme.*", "--strategy-dir", dir.toString(), "--rounds", "4", "--no-search",
                    "--db-url", TestDatabase.get().jdbcUrl());

            // AcmeBatchUpsertClaim's expectation (DUPLICATES) was measured; the .sql file has none.
            assertThat(r.exit()).as(r.err()).isEqualTo(Main.OK);
            assertThat(r.out()).containsPattern("acme\\.batch-upsert +READ COMMITTED +DUPLICATES")
                    .containsPattern("acme\\.unchecked +READ COMMITTED +[A-Z]+");
            assertThat(r.err()).contains("no expectation for acme.unchecked [fresh]: verdicts reported, not checked");
        } finally {
            restore(StrategyCatalogue.PACKAGES_PROPERTY, before);
        }
    }

    @Test
    void expectHoldsARunToARecordedMatrixAndExitsOneNamingWhatChanged() throws Exception {
        Path recorded = dir.resolve("recorded.json");
        String url = TestDatabase.get().jdbcUrl();
        // The soak alone: --expect holds verdicts, and the search beside them is theSearchRunsBesideTheSoak's subject.
        String[] run = {"matrix", "--variants", "inner-lock-all", "--fixture", "seed", "--rounds", "2", "--no-search", "--db-url", url};

        Cli record = Cli.run(concat(run, "--format", "json", "--output", recorded.toString()));
        assertThat(record.exit()).as(record.err()).isZero();
        assertThat(record.out()).as("the report went to --output").isEmpty();
        String json = Files.readString(recorded);
        assertThat(json).contains("\"verdict\" : \"SAFE\""); // measured: see InnerLockAllClaim.expectation()

        Cli same = Cli.run(concat(run, "--expect", recorded.toString()));
        assertThat(same.exit()).as(same.err()).isZero();

        Path changed = Files.writeString(dir.resolve("changed.json"), json.replace("\"verdict\" : \"SAFE\"", "\"verdict\" : \"DUPLICATES\""));
        Cli differs = Cli.run(concat(run, "--expect", changed.toString()));
        assertThat(differs.exit()).isEqualTo(Main.MISMATCH);
        assertThat(differs.err()).contains("1 verdict(s) differ from the recorded matrix " + changed + ": inner.lock-accounts+initial+incremental")
                .contains("(SAFE, expected DUPLICATES)");
        assertThat(differs.out()).contains("SAFE (expected DUPLICATES)");

        Path markdown = dir.resolve("recorded.md");
        assertThat(Cli.run(concat(run, "--format", "markdown", "--output", markdown.toString())).exit()).isZero();
        Cli fromMarkdown = Cli.run(concat(run, "--expect", markdown.toString()));
        assertThat(fromMarkdown.exit()).as(fromMarkdown.err()).isZero();
        assertThat(fromMarkdown.err()).doesNotContain("records no verdict");

        Path table = Files.writeString(dir.resolve("matrix.txt"), "variant  verdict\n");
        Cli bad = Cli.run(concat(run, "--expect", table.toString()));
        assertThat(bad.exit()).isEqualTo(Main.USAGE);
        assertThat(bad.errLines()).singleElement().asString().contains("is neither a JSON report (--format json) nor a Markdown report");
    }

    private static List<String> names(StrategyCatalogue catalogue, String selection) {
        return catalogue.select(selection).stream().map(io.claimmatrix.claim.ClaimStrategy::name).toList();
    }

    private static List<String> listed(String selection) {
        Cli r = Cli.run("list", "--variants", selection);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().lines().filter(l -> !l.startsWith(" ")).map(l -> l.split(" ")[0]).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

}

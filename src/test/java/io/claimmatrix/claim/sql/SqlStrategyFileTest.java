package io.claimmatrix.claim.sql;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The .sql format: what loads, and a one-line error naming file and line for what does not. */
class SqlStrategyFileTest {

    static final String CLAIM = """
            -- claim
            SELECT a.id, incr.status IS NOT NULL AS has_incremental
            FROM accounts a LEFT JOIN imports incr ON incr.account_id = a.id AND incr.kind = 'incremental'
            LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
            """;
    static final String WRITE = """
            -- write
            INSERT INTO imports (account_id, kind, status)
            SELECT id, 'incremental', 'pending' FROM unnest(:ids) AS id
            ON CONFLICT (account_id, kind) DO UPDATE SET status = 'pending';
            """;

    @TempDir
    Path dir;

    @Test
    void theExampleLoadsWithItsHeader() throws Exception {
        SqlClaimStrategy s = SqlStrategyFile.read(Path.of("examples/strategies/seed.sql"));

        assertThat(s.name()).isEqualTo("sql.seed");
        assertThat(s.isolation()).isEqualTo(Isolation.READ_COMMITTED);
        assertThat(s.expectation().verdict()).isEqualTo(Verdict.DUPLICATES);
        assertThat(s.expectation().why()).startsWith("measured");
        assertThat(s.description()).contains("LEFT JOIN").contains("INSERT the missing ones");
        assertThat(s.dimensions()).isEmpty();
        assertThat(s.claimSql()).startsWith("SELECT a.id, incr.status IS NOT NULL AS has_incremental").endsWith("SKIP LOCKED");
        assertThat(s.writeSql()).hasSize(2);
    }

    @Test
    void nameDefaultsToTheFileAndNoExpectationMeansUnchecked() throws Exception {
        SqlClaimStrategy s = SqlStrategyFile.read(write("my-claim.sql", "-- isolation: repeatable read\n" + CLAIM + WRITE));

        assertThat(s.name()).isEqualTo("my-claim");
        assertThat(s.isolation()).isEqualTo(Isolation.REPEATABLE_READ);
        assertThat(s.expectation()).isNull();
        assertThat(s.needsIncrementalRows()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no isolation             | -- name: x\\n{claim}{write}                                       | 1 | no '-- isolation:' header
            unknown isolation        | -- isolation: snapshot\\n{claim}{write}                          | 1 | unknown isolation 'snapshot'
            isolation named twice    | -- isolation: rc, read committed\\n{claim}{write}               | 1 | is named twice
            unknown header (typo)    | -- isolation: rc\\n-- isolaton: rc\\n{claim}{write}               | 2 | unknown header 'isolaton'
            expect without why       | -- isolation: rc\\n-- expect: SAFE\\n{claim}{write}              | 2 | needs a '-- why:' line
            unknown verdict          | -- isolation: rc\\n-- expect: FINE\\n-- why: x\\n{claim}{write}  | 2 | unknown verdict 'FINE'
            unknown qualifier        | -- isolation: rc\\n-- expect: warm SAFE\\n-- why: x\\n{claim}{write} | 2 | 'warm' in 'warm SAFE' is neither
            batch not a number       | -- isolation: rc\\n-- batch: some\\n{claim}{write}               | 2 | 'batch' must be a positive whole number
            batch zero               | -- isolation: rc\\n-- batch: 0\\n{claim}{write}                  | 2 | 'batch' must be a positive whole number
            incremental rows off-seed| -- isolation: rc\\n-- model: jobs\\n-- needs-incremental-rows: yes\\n{claim} | 3 | for the seed model only
            bad name                 | -- isolation: rc\\n-- name: my claim\\n{claim}{write}            | 2 | name 'my claim'
            SQL before claim         | -- isolation: rc\\nSELECT 1;\\n{claim}{write}                    | 2 | SQL before the '-- claim' line
            no claim section         | -- isolation: rc\\n                                              | 1 | no '-- claim' line
            write before claim       | -- isolation: rc\\n{write}{claim}                                | 2 | '-- write' comes before '-- claim'
            empty write section      | -- isolation: rc\\n{claim}-- write\\n                           | 6 | the '-- write' section has no statement
            parameter in the claim   | -- isolation: rc\\n-- claim\\nSELECT 1\\nWHERE x = :ids;\\n{write} | 4 | the first claim statement takes no parameters
            write binds nothing      | -- isolation: rc\\n{claim}-- write\\nUPDATE t SET a = 1;        | 6 | no write statement binds the claimed items
            unterminated string      | -- isolation: rc\\n{claim}-- write\\nUPDATE t SET a = 'x;       | 7 | string literal that starts here never ends
            """)
    void aBrokenFileGetsOneLineNamingFileAndLine(String what, String template, int line, String message) throws Exception {
        String text = template.replace("\\n", "\n").replace("{claim}", CLAIM).replace("{write}", WRITE);
        Path file = write("broken.sql", text);

        assertThatThrownBy(() -> SqlStrategyFile.read(file))
                .isInstanceOf(io.claimmatrix.sql.SqlFileException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aDirectoryLoadsAllOrNothingAndReportsEveryBrokenFile() throws Exception {
        write("a-good.sql", "-- isolation: rc\n" + CLAIM + WRITE);
        Path bad1 = write("b-bad.sql", "-- isolation: rc\n" + CLAIM + "-- write\n");
        Path bad2 = write("c-bad.sql", "-- isolaton: rc\n" + CLAIM + WRITE);

        assertThatThrownBy(() -> SqlStrategies.load(java.util.List.of(dir), Map.of()))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(2)
                        .anySatisfy(l -> assertThat(l).startsWith(bad1 + ":6: the '-- write' section has no statement"))
                        .anySatisfy(l -> assertThat(l).startsWith(bad2 + ":1: unknown header 'isolaton'")));
    }

    @Test
    void aCommaListOfIsolationLevelsMakesOneVariantPerLevelEachWithItsExpectation() throws Exception {
        Path file = write("lease.sql", """
                -- isolation: rc, rr, ser
                -- model: jobs
                -- batch: 2
                -- expect: rc fresh SAFE, rc stale OVERCLAIM, ABORTS
                -- why: measured
                -- claim
                UPDATE jobs SET state = 'running' WHERE id IN (SELECT id FROM jobs LIMIT 2 FOR UPDATE SKIP LOCKED) RETURNING id;
                """);

        var all = SqlStrategyFile.read(file, null);

        assertThat(all).extracting(SqlClaimStrategy::name).containsExactly("lease.rc", "lease.rr", "lease.ser");
        assertThat(all).extracting(SqlClaimStrategy::model).containsOnly("jobs");
        assertThat(all.get(0).batch()).hasValue(2);
        assertThat(all.get(0).writeSql()).as("no write section: the claim statement writes").isEmpty();
        assertThat(all.get(0).expectation(io.claimmatrix.model.Statistics.FRESH).verdict()).isEqualTo(Verdict.SAFE);
        assertThat(all.get(0).expectation(io.claimmatrix.model.Statistics.STALE).verdict()).isEqualTo(Verdict.OVERCLAIM);
        assertThat(all.get(1).expectation(io.claimmatrix.model.Statistics.STALE).verdict()).isEqualTo(Verdict.ABORTS);
    }

    @Test
    void aFileInAModelsFolderMayNotNameAnotherModel() throws Exception {
        Path file = write("x.sql", "-- isolation: rc\n-- model: seed\n" + CLAIM);

        assertThatThrownBy(() -> SqlStrategyFile.read(file, "jobs"))
                .hasMessage(file + ":2: 'model: seed', but the file is in the folder of model jobs (leave the header out, or move the file)");
    }

    @Test
    void aNameAlreadyInTheCatalogueIsAClash() throws Exception {
        Path file = write("seed.sql", "-- isolation: rc\n-- name: seed\n" + CLAIM + WRITE);

        assertThatThrownBy(() -> SqlStrategies.load(java.util.List.of(dir), Map.of("seed", "io.claimmatrix.claim.strategies.SeedClaim")))
                .hasMessage(file + ":1: the name 'seed' is already taken by io.claimmatrix.claim.strategies.SeedClaim");
    }

    @Test
    void aMissingDirectoryIsNamed() {
        assertThatThrownBy(() -> SqlStrategies.load(java.util.List.of(dir.resolve("nope")), Map.of()))
                .hasMessageContaining("nope: not a directory");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}

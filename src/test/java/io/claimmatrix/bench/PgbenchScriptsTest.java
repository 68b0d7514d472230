package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pgbench scripts are the strategy's own statements, captured, never hand-copied (no database needed). */
class PgbenchScriptsTest {

    private static final StrategyCatalogue CATALOGUE = StrategyCatalogue.discover();

    private static ClaimStrategy<?> variant(String name) {
        return CATALOGUE.select(name).get(0);
    }

    @Test
    void capturesTheClaimWithItsBindValuesAndTheWriteOfEachPath() {
        CapturedTransaction tx = CapturedTransaction.of(variant("inner-lock-all"));

        assertThat(tx.claim().sql()).startsWith("select").contains("for update of \"a\", \"init\", \"incr\" skip locked")
                .as("the LIMIT is a literal, as the seed writes it (ClaimSql.limitOf)").contains("fetch next 1 rows only");
        assertThat(tx.claim().bindings()).containsExactly("initial", "incremental", "completed", "completed");
        assertThat(tx.claim().inlined()).contains("'initial'").doesNotContain("?");
        assertThat(tx.recheck()).isEmpty();
        assertThat(tx.writeWhenPresent()).singleElement().satisfies(s -> assertThat(s.sql()).startsWith("update \"imports\""));
        assertThat(tx.writeWhenAbsent()).singleElement().satisfies(s -> assertThat(s.sql()).startsWith("insert into \"imports\""));
    }

    @Test
    void boundScriptUsesPgbenchVariablesForEveryBindValue() {
        PgbenchScripts.Script script = PgbenchScripts.throughput(variant("inner-lock-all"), PgbenchScripts.Form.BOUND);

        assertThat(script.options()).containsExactly("-D v_initial=initial", "-D v_incremental=incremental",
                "-D v_completed=completed", "-D v_pending=pending");
        assertThat(script.text())
                .contains("\"init\".\"kind\" = :v_initial")
                .contains("skip locked \\aset")
                .contains("\\if :has_incremental IS NULL")
                .contains("\"account_id\" in (:id)")
                .doesNotContain("?")
                .doesNotContain(CapturedTransaction.ACCOUNT_PLACEHOLDER)
                .endsWith("COMMIT;\n");
    }

    @Test
    void inlinedScriptNeedsNoOptions() {
        PgbenchScripts.Script script = PgbenchScripts.throughput(variant("inner-lock-all"), PgbenchScripts.Form.INLINED);

        assertThat(script.options()).isEmpty();
        assertThat(script.text()).contains("\"init\".\"kind\" = 'initial'").contains("in (:id)").doesNotContain(":v_");
    }

    @Test
    void recheckIsCountedSoPgbenchCanBranchOnIt() {
        ClaimStrategy<?> recheck = variant("left.lock-accounts+initial.skip.rc.update-insert.recheck.limit1");
        CapturedTransaction tx = CapturedTransaction.of(recheck);
        assertThat(tx.recheck()).as("the re-check is the claim's second statement").hasSize(1);

        String text = PgbenchScripts.throughput(recheck, PgbenchScripts.Form.BOUND).text();
        assertThat(text).contains("SELECT count(*) AS kept FROM (select \"a\".\"id\"").contains("\\if :kept > 0");
    }

    @Test
    void aClaimOfSeveralAccountsIsNotReplayable() {
        ClaimStrategy<?> limit10 = variant("inner.lock-accounts+initial+incremental.skip.rc.update-insert.no-recheck.limit10");

        assertThat(PgbenchScripts.notReplayable(limit10)).hasValueSatisfying(why -> assertThat(why).contains("10 accounts"));
        assertThatThrownBy(() -> PgbenchScripts.throughput(limit10, PgbenchScripts.Form.BOUND)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anchorFilesAreOnTheClasspath() {
        for (String name : PgbenchScripts.ANCHOR_FILES) {
            assertThat(PgbenchScripts.anchor(name)).as(name).isNotBlank();
        }
        assertThat(PgbenchScripts.anchor("seed-race.sql")).as("the seed's query, verbatim")
                .contains("FOR UPDATE OF a, init SKIP LOCKED \\aset").contains("INSERT INTO claim_log");
    }
}

package io.claimmatrix.sql;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch read from a claim statement: the LIMIT of its locking SELECT, wherever that SELECT is nested. */
class StatementLimitTest {

    @Test
    void theLockingSubqueryOfAnUpdateGivesTheBatch() {
        assertThat(StatementLimit.of("""
                UPDATE jobs SET state = 'running' WHERE id IN (
                  SELECT id FROM jobs WHERE state = 'ready' ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id""")).hasValue(1);
        assertThat(StatementLimit.of("""
                WITH batch AS (SELECT id FROM outbox ORDER BY id LIMIT 5 FOR UPDATE SKIP LOCKED)
                DELETE FROM outbox USING batch WHERE outbox.id = batch.id RETURNING outbox.id""")).hasValue(5);
        assertThat(StatementLimit.of("select id from jobs order by id fetch next 3 rows only for update skip locked")).hasValue(3);
    }

    @Test
    void theLockingSelectWinsOverAnOuterLimit() {
        assertThat(StatementLimit.of("SELECT * FROM (SELECT id FROM jobs LIMIT 7 FOR UPDATE SKIP LOCKED) t LIMIT 100")).hasValue(7);
    }

    @Test
    void aLockingSelectWithoutLimitIsUnboundedWhateverTheOuterLimit() {
        assertThat(StatementLimit.of("SELECT * FROM (SELECT id FROM jobs FOR UPDATE SKIP LOCKED) t LIMIT 100")).isEmpty();
        assertThat(StatementLimit.of("SELECT id FROM jobs LIMIT ALL FOR UPDATE")).isEmpty();
        assertThat(StatementLimit.of("SELECT id FROM jobs LIMIT $1 FOR UPDATE")).isEmpty();
    }

    @Test
    void withoutALockingClauseTheOutermostLimitCounts() {
        assertThat(StatementLimit.of("SELECT id FROM jobs ORDER BY id LIMIT 2")).hasValue(2);
        assertThat(StatementLimit.of("DELETE FROM jobs WHERE id = 1 RETURNING id")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void literalsCommentsAndQuotedNamesAreNotRead() {
        assertThat(StatementLimit.of("""
                -- LIMIT 9
                /* LIMIT 8 /* nested */ LIMIT 7 */
                SELECT id, 'LIMIT 6', "limit 5", $$ LIMIT 4 $$ FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED""")).hasValue(1);
    }
}

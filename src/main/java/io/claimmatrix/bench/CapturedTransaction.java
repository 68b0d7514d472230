package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimSql;
import io.claimmatrix.claim.ClaimStrategy;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The statements one claim transaction of a strategy sends, captured by running the strategy's own
 * {@link ClaimStrategy#claim} and {@link ClaimStrategy#write} against a mock JDBC connection that answers the claim
 * with one account. Nothing is hand-copied: pgbench runs exactly the SQL the kit runs, with the same bind values.
 *
 * @param claim            the claim statement
 * @param recheck          statements the claim runs after it (a re-check), for a claimed account; may be empty
 * @param writeWhenPresent the write when the claim saw the account's incremental import (the UPDATE path)
 * @param writeWhenAbsent  the write when it saw none (the INSERT path)
 */
public record CapturedTransaction(Statement claim, List<Statement> recheck, List<Statement> writeWhenPresent,
                                  List<Statement> writeWhenAbsent) {

    /** Stands for the claimed account id in captured SQL; replaced by a pgbench variable. */
    public static final String ACCOUNT_PLACEHOLDER = "__claimed_account__";

    /**
     * One statement as the kit sends it: {@code sql} with a {@code ?} per bind value, and the values; and the same
     * statement with the values inlined (as {@code ClaimSqlRenderer} shows it).
     */
    public record Statement(String sql, List<Object> bindings, String inlined) {

        public boolean isSelect() {
            String s = sql.stripLeading().toLowerCase(Locale.ROOT);
            return s.startsWith("select") || s.startsWith("with");
        }
    }

    private static final Settings PREPARED = io.claimmatrix.run.Jooq.settings().withRenderFormatted(false);
    private static final Settings INLINED = io.claimmatrix.run.Jooq.settings().withRenderFormatted(false)
            .withStatementType(StatementType.STATIC_STATEMENT);

    public static CapturedTransaction of(ClaimStrategy<?> strategy) {
        List<Statement> present = pair(run(strategy, true, PREPARED), run(strategy, true, INLINED));
        List<Statement> absent = pair(run(strategy, false, PREPARED), run(strategy, false, INLINED));
        // SELECTs both paths send after the claim and before any write are the claim's own (a re-check).
        int shared = 1;
        while (shared < present.size() && shared < absent.size() && present.get(shared).equals(absent.get(shared))
                && present.get(shared).isSelect()) {
            shared++;
        }
        return new CapturedTransaction(present.get(0), List.copyOf(present.subList(1, shared)),
                List.copyOf(present.subList(shared, present.size())), List.copyOf(absent.subList(shared, absent.size())));
    }

    /** The same statements sent with bind values and with values inlined (jOOQ renders both, quoting included). */
    private static List<Statement> pair(List<Statement> prepared, List<Statement> inlined) {
        if (prepared.size() != inlined.size()) {
            throw new IllegalStateException("the strategy sent " + prepared.size() + " statements with bind values but "
                    + inlined.size() + " with values inlined");
        }
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            out.add(new Statement(prepared.get(i).sql(), prepared.get(i).bindings(), inlined.get(i).sql()));
        }
        return out;
    }

    /** Every statement the strategy sends for one claimed account, in order. */
    private static List<Statement> run(ClaimStrategy<?> strategy, boolean hasIncremental, Settings settings) {
        List<Statement> sent = new ArrayList<>();
        DSLContext answers = DSL.using(SQLDialect.POSTGRES);
        DSLContext dsl = DSL.using(new MockConnection(ctx -> {
            Statement s = new Statement(ctx.sql(), Arrays.asList(ctx.bindings()), null);
            sent.add(s);
            if (!s.isSelect()) {
                return new MockResult[]{new MockResult(1)};
            }
            // The first SELECT is the claim: one account. A later one (a re-check) keeps it.
            Result<? extends Record> rows;
            if (sent.stream().filter(Statement::isSelect).count() == 1) {
                var r = answers.newResult(ClaimSql.A.ID, ClaimSql.HAS_INCREMENTAL);
                r.add(answers.newRecord(ClaimSql.A.ID, ClaimSql.HAS_INCREMENTAL).values(ACCOUNT_PLACEHOLDER, hasIncremental));
                rows = r;
            } else {
                var r = answers.newResult(ClaimSql.A.ID);
                r.add(answers.newRecord(ClaimSql.A.ID).values(ACCOUNT_PLACEHOLDER));
                rows = r;
            }
            return new MockResult[]{new MockResult(rows.size(), rows)};
        }), SQLDialect.POSTGRES, settings);
        claimAndWrite(strategy, dsl);
        return sent;
    }

    private static <R extends org.jooq.Record> void claimAndWrite(ClaimStrategy<R> strategy, DSLContext dsl) {
        List<R> claimed = strategy.claim(dsl);
        if (claimed.isEmpty()) {
            throw new IllegalStateException(strategy.name() + " claimed nothing from a mock answer of one account");
        }
        strategy.write(dsl, claimed);
    }
}

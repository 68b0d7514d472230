package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimSql;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
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
import java.util.List;

/**
 * The statements one claim transaction of a strategy sends, captured by running the strategy's own
 * {@link ClaimStrategy#claim} and {@link ClaimStrategy#write} against a mock JDBC connection that answers the claim
 * with one account. Nothing is hand-copied, so pgbench runs exactly the SQL the kit runs (with values inlined).
 *
 * @param claim              the claim statement
 * @param recheck            statements the claim runs after it (a re-check), for a claimed account; may be empty
 * @param writeWhenPresent   the write when the claim saw the account's incremental import (the UPDATE path)
 * @param writeWhenAbsent    the write when it saw none (the INSERT path)
 * @param accountsPerClaim   the claim's LIMIT (1 for every variant pgbench can replay)
 */
public record CapturedTransaction(String claim, List<String> recheck, List<String> writeWhenPresent,
                                  List<String> writeWhenAbsent, int accountsPerClaim) {

    /** Stands for the claimed account id in captured SQL; replaced by a pgbench variable. */
    public static final String ACCOUNT_PLACEHOLDER = "__claimed_account__";

    private static final Settings INLINE = new Settings()
            .withStatementType(StatementType.STATIC_STATEMENT)
            .withRenderFormatted(false)
            .withExecuteLogging(false);

    public static CapturedTransaction of(ClaimStrategy strategy) {
        List<String> present = run(strategy, true);
        List<String> absent = run(strategy, false);
        String claim = present.get(0);
        // Statements both paths send before the write are the claim's own (the re-check); the rest is the write.
        int shared = 1;
        while (shared < present.size() && shared < absent.size() && present.get(shared).equals(absent.get(shared))
                && isSelect(present.get(shared))) {
            shared++;
        }
        int limit = strategy.dimensions().map(d -> d.limit()).orElse(1);
        return new CapturedTransaction(claim, List.copyOf(present.subList(1, shared)),
                List.copyOf(present.subList(shared, present.size())), List.copyOf(absent.subList(shared, absent.size())), limit);
    }

    /** Every statement the strategy sends for one claimed account, in order. */
    private static List<String> run(ClaimStrategy strategy, boolean hasIncremental) {
        List<String> sent = new ArrayList<>();
        DSLContext answers = DSL.using(SQLDialect.POSTGRES);
        DSLContext dsl = DSL.using(new MockConnection(ctx -> {
            String sql = ctx.sql();
            sent.add(sql);
            if (!isSelect(sql)) {
                return new MockResult[]{new MockResult(1)};
            }
            // The first SELECT is the claim: one account. A later one (a re-check) keeps it.
            Result<? extends Record> rows;
            if (sent.stream().filter(CapturedTransaction::isSelect).count() == 1) {
                var r = answers.newResult(ClaimSql.A.ID, ClaimSql.HAS_INCREMENTAL);
                r.add(answers.newRecord(ClaimSql.A.ID, ClaimSql.HAS_INCREMENTAL).values(ACCOUNT_PLACEHOLDER, hasIncremental));
                rows = r;
            } else {
                var r = answers.newResult(ClaimSql.A.ID);
                r.add(answers.newRecord(ClaimSql.A.ID).values(ACCOUNT_PLACEHOLDER));
                rows = r;
            }
            return new MockResult[]{new MockResult(rows.size(), rows)};
        }), SQLDialect.POSTGRES, INLINE);
        List<ClaimedAccount> claimed = strategy.claim(dsl);
        if (claimed.isEmpty()) {
            throw new IllegalStateException(strategy.name() + " claimed nothing from a mock answer of one account");
        }
        strategy.write(dsl, claimed);
        return sent;
    }

    private static boolean isSelect(String sql) {
        String s = sql.stripLeading().toLowerCase(java.util.Locale.ROOT);
        return s.startsWith("select") || s.startsWith("with");
    }
}

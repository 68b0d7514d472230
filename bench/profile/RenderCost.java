import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.ClaimedAccount;
import io.claimmatrix.claim.StrategyCatalogue;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;

import java.util.List;

/**
 * What the kit's client side spends per claim before a byte reaches PostgreSQL: the strategy's own claim() and
 * write() against a mock connection that answers at once, so the time is jOOQ building and rendering the statements
 * and binding their values (no network, no server). See docs/harness-profile.md.
 *
 *   java -cp target/claim-matrix.jar bench/profile/RenderCost.java inner-lock-all
 */
public class RenderCost {

    public static void main(String[] args) {
        ClaimStrategy strategy = StrategyCatalogue.discover().select(args.length == 0 ? "inner-lock-all" : args[0]).get(0);
        DSLContext answers = DSL.using(SQLDialect.POSTGRES);
        DSLContext dsl = DSL.using(new MockConnection(ctx -> {
            if (!ctx.sql().stripLeading().toLowerCase().startsWith("select")) {
                return new MockResult[]{new MockResult(1)};
            }
            var r = answers.newResult(DSL.field("id", String.class), DSL.field("has_incremental", Boolean.class));
            r.add(answers.newRecord(DSL.field("id", String.class), DSL.field("has_incremental", Boolean.class)).values("acct-1", true));
            return new MockResult[]{new MockResult(1, r)};
        }), SQLDialect.POSTGRES, io.claimmatrix.run.Jooq.settings());
        int n = 20_000;
        for (int round = 1; round <= 6; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                List<ClaimedAccount> claimed = strategy.claim(dsl);
                strategy.write(dsl, claimed);
            }
            double micros = (System.nanoTime() - start) / 1e3 / n;
            System.out.printf("%s: %.1f µs per claim transaction (claim + write), round %d%s%n", strategy.name(), micros, round,
                    round <= 2 ? " (JIT warming up)" : "");
        }
    }
}

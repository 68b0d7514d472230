import io.claimmatrix.bench.CapturedTransaction;
import io.claimmatrix.bench.ThroughputBench;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.run.Jooq;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor under the kit's throughput numbers: the same claim transaction as the kit sends (captured from the
 * strategy), run with plain JDBC and nothing else (no jOOQ rendering, no harness, no recording), on the same fixture
 * as `claim-matrix bench`. If the kit is close to this, its distance to pgbench is Java and the driver, not the
 * harness. See docs/harness-profile.md.
 *
 *   java -cp target/claim-matrix.jar bench/profile/RawJdbcClaims.java JDBC_URL USER VARIANT WORKERS CLAIMS REPETITIONS
 *   java -cp target/claim-matrix.jar bench/profile/RawJdbcClaims.java jdbc:postgresql://127.0.0.1:5432/test postgres inner-lock-all 1 1024 5
 */
public class RawJdbcClaims {

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: RawJdbcClaims JDBC_URL USER VARIANT WORKERS CLAIMS REPETITIONS");
            System.exit(2);
        }
        String url = args[0], user = args[1];
        ClaimStrategy strategy = StrategyCatalogue.discover().select(args[2]).get(0);
        int workers = Integer.parseInt(args[3]), claims = Integer.parseInt(args[4]), repetitions = Integer.parseInt(args[5]);
        CapturedTransaction tx = CapturedTransaction.of(strategy);
        if (!tx.recheck().isEmpty()) {
            throw new IllegalArgumentException(strategy.name() + " re-checks its claim; this floor covers claim, write, commit only");
        }
        Fixture fixture = ThroughputBench.fixtureWithEligible(10_000).shaped(Fixture.Shape.PRESENT);
        try (RunSchema schema = RunSchema.create(url, user, null)) {
            List<Connection> connections = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Connection c = schema.connect();
                c.setAutoCommit(false);
                connections.add(c);
            }
            for (int rep = 0; rep <= repetitions; rep++) { // run 0 warms the JIT up, untimed
                try (Connection c = schema.connect()) {
                    fixture.load(Jooq.dsl(c));
                }
                AtomicInteger budget = new AtomicInteger(claims);
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (Connection c : connections) {
                    Thread t = new Thread(() -> loop(c, tx, budget, go));
                    t.start();
                    threads.add(t);
                }
                long start = System.nanoTime();
                go.countDown();
                for (Thread t : threads) {
                    t.join();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (rep > 0) {
                    System.out.printf("%s, %d workers, rep %d: %.0f claims/s (%d claims in %.2f s)%n",
                            strategy.name(), workers, rep, claims / seconds, claims, seconds);
                }
            }
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private static void loop(Connection c, CapturedTransaction tx, AtomicInteger budget, CountDownLatch go) {
        try (PreparedStatement claim = c.prepareStatement(tx.claim().sql())) {
            List<PreparedStatement> writes = new ArrayList<>();
            for (CapturedTransaction.Statement s : tx.writeWhenPresent()) {
                writes.add(c.prepareStatement(s.sql()));
            }
            go.await();
            while (budget.getAndDecrement() > 0) {
                bind(claim, tx.claim(), null);
                String id = null;
                try (ResultSet rs = claim.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getString(1);
                    }
                }
                if (id != null) {
                    for (int i = 0; i < writes.size(); i++) {
                        bind(writes.get(i), tx.writeWhenPresent().get(i), id);
                        writes.get(i).executeUpdate();
                    }
                }
                c.commit();
            }
            for (PreparedStatement w : writes) {
                w.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, CapturedTransaction.Statement s, String id) throws java.sql.SQLException {
        for (int i = 0; i < s.bindings().size(); i++) {
            Object v = s.bindings().get(i);
            ps.setObject(i + 1, CapturedTransaction.ACCOUNT_PLACEHOLDER.equals(v) ? id : v);
        }
    }
}

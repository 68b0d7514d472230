package io.claimmatrix.reliability;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.db.DatabaseOptions;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.schema.RunSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run over every queue model, in external mode, against a database that already holds someone's data, including tables with
 * the kit's own names ({@code accounts}, {@code imports}, Liquibase's {@code databasechangelog}) in {@code public}
 * and in another schema: afterwards every row and every catalog entry of theirs is byte-for-byte the same, and
 * nothing of the kit's is left (no schema, no session).
 *
 * <p>"The same" is checked by digest: each table's rows with their {@code ctid} and {@code xmin} (any UPDATE, even
 * to the same values, or DELETE + INSERT changes them), and the catalog rows (with their {@code xmin}) of the schemas,
 * tables, columns, indexes, constraints, sequences, views and functions.
 */
@Timeout(300)
class ForeignDataTest {

    private static final String SETUP = """
            CREATE TABLE public.accounts (id text PRIMARY KEY, last_updated timestamptz NOT NULL) WITH (autovacuum_enabled = false);
            CREATE TABLE public.imports (id bigserial PRIMARY KEY, account_id text NOT NULL REFERENCES public.accounts(id),
                kind text NOT NULL, status text NOT NULL, UNIQUE (account_id, kind)) WITH (autovacuum_enabled = false);
            CREATE TABLE public.databasechangelog (id text, author text, filename text, dateexecuted timestamp,
                orderexecuted int, exectype text) WITH (autovacuum_enabled = false);
            INSERT INTO public.accounts SELECT 'theirs-' || i, now() - interval '1 day' FROM generate_series(1, 50) i;
            INSERT INTO public.imports (account_id, kind, status) SELECT id, 'initial', 'completed' FROM public.accounts;
            INSERT INTO public.imports (account_id, kind, status) SELECT id, 'incremental', 'completed' FROM public.accounts WHERE id LIKE '%1%';
            INSERT INTO public.databasechangelog VALUES ('their-change', 'them', 'their.yaml', now(), 1, 'EXECUTED');
            CREATE VIEW public.stale AS SELECT id FROM public.accounts WHERE last_updated < now() - interval '10 minutes';
            CREATE SCHEMA billing;
            CREATE SEQUENCE billing.invoice_no;
            CREATE TABLE billing.accounts (id text PRIMARY KEY, balance numeric NOT NULL) WITH (autovacuum_enabled = false);
            CREATE TABLE billing.invoices (no bigint PRIMARY KEY DEFAULT nextval('billing.invoice_no'),
                account_id text REFERENCES billing.accounts(id), amount numeric) WITH (autovacuum_enabled = false);
            CREATE INDEX invoices_by_account ON billing.invoices (account_id);
            INSERT INTO billing.accounts SELECT 'theirs-' || i, i * 10.5 FROM generate_series(1, 20) i;
            INSERT INTO billing.invoices (account_id, amount) SELECT id, balance / 2 FROM billing.accounts;
            CREATE FUNCTION billing.total() RETURNS numeric LANGUAGE sql AS 'SELECT sum(amount) FROM billing.invoices';
            """;

    private static final List<String> TABLES = List.of("public.accounts", "public.imports", "public.databasechangelog",
            "billing.accounts", "billing.invoices");

    /** Catalog entries of everything in their schemas, with each row's xmin (a new row version on any ALTER or GRANT). */
    private static final String CATALOG = """
            SELECT 'namespace', md5(string_agg(row(n.xmin, n.oid, n.nspname, n.nspowner, n.nspacl)::text, ',' ORDER BY n.oid))
              FROM pg_namespace n WHERE n.nspname IN ('public', 'billing')
            UNION ALL
            SELECT 'class', md5(string_agg(row(c.xmin, c.oid, c.relname, c.relnamespace, c.relkind, c.relfilenode, c.relowner,
                                              c.relacl, c.reloptions, c.relnatts, c.relhasindex, c.relhastriggers)::text, ',' ORDER BY c.oid))
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'billing')
            UNION ALL
            SELECT 'attribute', md5(string_agg(row(a.xmin, a.attrelid, a.attname, a.atttypid, a.attnum, a.attnotnull, a.atthasdef)::text,
                                               ',' ORDER BY a.attrelid, a.attnum))
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('public', 'billing')
            UNION ALL
            SELECT 'constraint', md5(string_agg(row(k.xmin, k.oid, k.conname, k.conrelid, k.contype, k.conkey)::text, ',' ORDER BY k.oid))
              FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname IN ('public', 'billing')
            UNION ALL
            SELECT 'proc', md5(string_agg(row(p.xmin, p.oid, p.proname, p.prosrc)::text, ',' ORDER BY p.oid))
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'billing'
            UNION ALL
            SELECT 'sequence', (SELECT last_value::text FROM billing.invoice_no)
            """;

    @Test
    void aRunOverEveryModelLeavesTheirDataAndCatalogExactlyAsItWas() throws Exception {
        try (LocalPostgres pg = LocalPostgres.freshDatabase("foreign")) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute(SETUP);
            }
            Map<String, String> before = digests(pg);
            assertThat(before).as("digests").hasSize(TABLES.size() + 6).doesNotContainValue(null);

            // Every model's schema under both statistics conditions: the first READ
            // COMMITTED variant of each other model (between them, claims that update, insert into a second table and
            // delete), and three of the seed's, one per outcome a run must clean up after: duplicates, a
            // rejected statement, a round stopped at its deadline (FOR SHARE piling up). The other variants run the same
            // kinds of statements on the same tables; one per model keeps this test to seconds.
            Set<String> seed = Set.of("left.lock-accounts+initial.skip.rc.update-insert.no-recheck.limit1",
                    "left.lock-accounts+initial+incremental.skip.rc.update-insert.no-recheck.limit1",
                    "inner.lock-accounts+initial+incremental.share.skip.rc.update-insert.no-recheck.limit1");
            Set<String> modelsTaken = new HashSet<>();
            List<ClaimStrategy<?>> matrix = StrategyCatalogue.discover().all().stream()
                    .filter(s -> s.isolation() == Isolation.READ_COMMITTED)
                    .filter(s -> s.model().equals(QueueModel.SEED) ? seed.contains(s.name()) : modelsTaken.add(s.model()))
                    .toList();
            assertThat(matrix.stream().filter(s -> s.model().equals(QueueModel.SEED))).as("the seed's three outcomes").hasSize(3);
            assertThat(matrix.stream().map(ClaimStrategy::model).distinct()).as("every built-in model")
                    .containsExactlyInAnyOrderElementsOf(ModelCatalogue.builtIn().all().stream().map(QueueModel::name).toList());
            // One short round per variant: this is about what a run touches, not about its verdicts (a variant that
            // piles up is stopped at the 1 s round deadline, which is part of what must leave nothing behind).
            var settings = new Harness.Settings(2, 1, Fixture.generated(20, 3), Duration.ofSeconds(1));
            var result = MatrixRunner.run(new DatabaseOptions(DatabaseOptions.EXTERNAL, pg.url(), LocalPostgres.USER, ""),
                    matrix, settings, MatrixRunner.Listener.NONE);
            assertThat(result.variants().stream().map(VariantResult::name).distinct()).as("every variant ran").hasSize(matrix.size());
            assertThat(result.mode()).isEqualTo("external");

            assertThat(digests(pg)).as("their rows and catalog entries after the run").isEqualTo(before);
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + RunSchema.PREFIX + "%'"))
                        .as("run schemas left").isZero();
                assertThat(count(s, "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"))
                        .as("schemas: public and billing, nothing else").isEqualTo(2);
                assertThat(awaitNoKitSessions(s)).as("sessions of the kit left").isZero();
            }
        }
    }

    private static Map<String, String> digests(LocalPostgres pg) throws SQLException {
        Map<String, String> d = new LinkedHashMap<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT md5(string_agg(t.ctid::text || ' ' || t.xmin::text || ' ' || t::text, ',' "
                        + "ORDER BY t.ctid)) FROM " + table + " t")) {
                    rs.next();
                    d.put(table, rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery(CATALOG)) {
                while (rs.next()) {
                    d.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return d;
    }

    /** A closed session leaves pg_stat_activity a moment after the client closed it: poll the server briefly. */
    private static int awaitNoKitSessions(Statement s) throws SQLException, InterruptedException {
        int left = 0;
        for (int i = 0; i < 250; i++) {
            left = count(s, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'claim-matrix' AND pid <> pg_backend_pid()");
            if (left == 0) {
                return 0;
            }
            Thread.sleep(20);
        }
        return left;
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package io.claimmatrix.schema;

import io.claimmatrix.model.ModelFixture;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static io.claimmatrix.schema.jooq.seed.Tables.ACCOUNTS;
import static io.claimmatrix.schema.jooq.seed.Tables.IMPORTS;

/**
 * The seed model's rows: accounts and their imports. Loading is idempotent: every round starts from exactly these rows.
 * The eligibility the oracle holds claims to is the model's claimable.sql ({@code models/seed/claimable.sql});
 * {@link FixtureAccount#eligible()} is the same rule in Java, which the tests hold that query to.
 */
public record Fixture(String name, List<FixtureAccount> accounts) implements ModelFixture {

    public static final int DEFAULT_GENERATED_ACCOUNTS = 300;
    public static final long DEFAULT_GENERATED_SEED = 42L;

    /**
     * The seed report's rows: {@code one} (stale, incremental completed) and {@code two} (stale, no incremental
     * import yet) are eligible; {@code three} is not (its incremental import failed).
     */
    public static Fixture seed() {
        return new Fixture("seed", List.of(
                new FixtureAccount("one", 120, "completed", "completed"),
                new FixtureAccount("two", 60, "completed", null),
                new FixtureAccount("three", 60, "completed", "failed")));
    }

    /**
     * {@code count} accounts with a seeded random mix of states: stale and fresh, initial imports not completed,
     * incremental imports completed, in flight, failed or absent. Same seed, same rows.
     */
    public static Fixture generated(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("accounts must be at least 1, got " + count);
        }
        Random random = new Random(seed);
        String[] notCompleted = {"pending", "running", "failed"};
        List<FixtureAccount> accounts = new java.util.ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int minutes = random.nextInt(100) < 80 ? 12 + random.nextInt(24 * 60) : random.nextInt(8);
            String initial = random.nextInt(100) < 90 ? "completed" : notCompleted[random.nextInt(3)];
            int roll = random.nextInt(100);
            String incremental = roll < 35 ? null : roll < 85 ? "completed" : notCompleted[random.nextInt(3)];
            accounts.add(new FixtureAccount(String.format("acct-%05d", i), minutes, initial, incremental));
        }
        return new Fixture("generated", List.copyOf(accounts));
    }

    /**
     * Which incremental imports exist at the start of a round: the fixture's own mix, none (every claim must INSERT),
     * or all (every claim UPDATEs). Eligibility is the same in all three.
     */
    public enum Shape {
        MIXED("mixed"), ABSENT("absent"), PRESENT("present");

        public final String code;

        Shape(String code) {
            this.code = code;
        }
    }

    /** This fixture in the given shape. */
    public Fixture shaped(Shape shape) {
        return switch (shape) {
            case MIXED -> new Fixture(name + ":mixed", accounts);
            case ABSENT -> new Fixture(name + ":absent", withoutIncrementalRows().accounts());
            case PRESENT -> new Fixture(name + ":present", withIncrementalRows().accounts());
        };
    }

    /** Every account gets an incremental import (as {@code completed} where it had none): what an INNER JOIN claim needs. */
    public Fixture withIncrementalRows() {
        return map(name + "+incremental-rows", FixtureAccount::withIncrementalRow);
    }

    /** Completed incremental imports removed: every eligible account needs an INSERT to be claimed. */
    public Fixture withoutIncrementalRows() {
        return map(name + "-incremental-rows", FixtureAccount::withoutCompletedIncrementalRow);
    }

    private Fixture map(String newName, UnaryOperator<FixtureAccount> f) {
        return new Fixture(newName, accounts.stream().map(f).toList());
    }

    public Set<String> eligibleIds() {
        return accounts.stream().filter(FixtureAccount::eligible).map(FixtureAccount::id).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int items() {
        return accounts.size();
    }

    @Override
    public String insertSql() {
        DSLContext renderer = DSL.using(org.jooq.SQLDialect.POSTGRES, io.claimmatrix.run.Jooq.settings());
        var insertAccounts = renderer.insertInto(ACCOUNTS, ACCOUNTS.ID, ACCOUNTS.LAST_UPDATED);
        var insertImports = renderer.insertInto(IMPORTS, IMPORTS.ACCOUNT_ID, IMPORTS.KIND, IMPORTS.STATUS);
        for (FixtureAccount a : accounts) {
            insertAccounts = insertAccounts.values(DSL.val(a.id()), DSL.field("now() - make_interval(mins => {0})",
                    ACCOUNTS.LAST_UPDATED.getDataType(), DSL.inline(a.minutesSinceUpdate())));
            insertImports = insertImports.values(a.id(), "initial", a.initial());
            if (a.incremental() != null) {
                insertImports = insertImports.values(a.id(), "incremental", a.incremental());
            }
        }
        return renderer.renderInlined(insertAccounts) + ";\n" + renderer.renderInlined(insertImports);
    }

    /** Inserts the accounts and imports (the first account only when {@code nearEmpty}) into empty tables. */
    @Override
    public void insert(DSLContext dsl, boolean nearEmpty) {
        List<FixtureAccount> rows = nearEmpty ? accounts.subList(0, 1) : accounts;
        var insertAccounts = dsl.insertInto(ACCOUNTS, ACCOUNTS.ID, ACCOUNTS.LAST_UPDATED);
        var insertImports = dsl.insertInto(IMPORTS, IMPORTS.ACCOUNT_ID, IMPORTS.KIND, IMPORTS.STATUS);
        for (FixtureAccount a : rows) {
            // Relative to the server's clock, as the claim's own "now() - interval '10 minutes'" is.
            insertAccounts = insertAccounts.values(DSL.val(a.id()),
                    DSL.field("now() - make_interval(mins => {0})", ACCOUNTS.LAST_UPDATED.getDataType(), DSL.val(a.minutesSinceUpdate())));
            insertImports = insertImports.values(a.id(), "initial", a.initial());
            if (a.incremental() != null) {
                insertImports = insertImports.values(a.id(), "incremental", a.incremental());
            }
        }
        insertAccounts.execute();
        insertImports.execute();
    }

    /**
     * Replaces the seed tables' rows with this fixture's and analyses them, in one transaction of its own: for code
     * that works on the seed schema outside a matrix run (benchmarks, anchors). A run loads through
     * {@link io.claimmatrix.model.ModelSchema#load}, which also sets up the statistics condition.
     */
    public void load(DSLContext dsl) {
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            t.truncate(ACCOUNTS).cascade().execute(); // and imports, through the foreign key
            insert(t, false);
            t.execute("ANALYZE accounts, imports");
        });
    }
}

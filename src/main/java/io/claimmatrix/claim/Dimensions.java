package io.claimmatrix.claim;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a claim variant sits in the matrix. {@link #name()} spells the dimensions in a fixed order, e.g.
 * {@code left.lock-accounts+initial.skip.rc.update-insert.no-recheck.limit1}.
 *
 * @param join     how the incremental import is joined
 * @param lock     which tables the locking clause names: none (no clause), all (bare {@code FOR UPDATE}) or a list
 * @param strength row-lock strength; only a non-default one appears in the name
 * @param waitPolicy skip locked rows, or wait for them
 * @param limit    how many accounts one claim takes
 */
public record Dimensions(Join join, Lock lock, Strength strength, Wait waitPolicy, Isolation isolation,
                         WritePath write, boolean recheck, int limit) {

    public enum Join {
        /** Accounts without an incremental import are claimable (the seed). */
        LEFT("left"),
        /** Only accounts that already have an incremental import are claimable (the seed's workaround). */
        INNER("inner");

        public final String code;

        Join(String code) {
            this.code = code;
        }
    }

    /** The tables the claim joins, in the order a locking clause names them. */
    public enum Table {
        ACCOUNTS("accounts", "a"), INITIAL("initial", "init"), INCREMENTAL("incremental", "incr");

        public final String code;
        public final String alias;

        Table(String code, String alias) {
            this.code = code;
            this.alias = alias;
        }
    }

    /** The locking clause: none, bare {@code FOR UPDATE} (every table in FROM), or {@code FOR UPDATE OF} a set. */
    public record Lock(Kind kind, Set<Table> tables) {
        public enum Kind { NONE, ALL, OF }

        public static final Lock NONE = new Lock(Kind.NONE, Set.of());
        public static final Lock ALL = new Lock(Kind.ALL, Set.of());

        public static Lock of(Table first, Table... rest) {
            return new Lock(Kind.OF, EnumSet.of(first, rest));
        }

        public Lock {
            tables = tables.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tables));
        }

        /** Whether this clause locks {@code t}'s rows (a bare FOR UPDATE locks every joined table). */
        public boolean locks(Table t) {
            return kind == Kind.ALL || tables.contains(t);
        }

        public String code() {
            return switch (kind) {
                case NONE -> "lock-none";
                case ALL -> "lock-all";
                case OF -> "lock-" + EnumSet.copyOf(tables).stream().map(t -> t.code).collect(Collectors.joining("+"));
            };
        }
    }

    public enum Strength {
        UPDATE("", "FOR UPDATE"), NO_KEY_UPDATE("no-key-update", "FOR NO KEY UPDATE"), SHARE("share", "FOR SHARE");

        public final String code;
        public final String sql;

        Strength(String code, String sql) {
            this.code = code;
            this.sql = sql;
        }
    }

    public enum Wait {
        SKIP("skip", "SKIP LOCKED"), WAIT("wait", "(waits)");

        public final String code;
        public final String sql;

        Wait(String code, String sql) {
            this.code = code;
            this.sql = sql;
        }
    }

    public enum WritePath {
        /** UPDATE the incremental imports the claim saw, INSERT the ones it saw as absent (the seed). */
        UPDATE_INSERT("update-insert"),
        /** One {@code INSERT ... ON CONFLICT (account_id, kind) DO UPDATE}. */
        UPSERT("upsert");

        public final String code;

        WritePath(String code) {
            this.code = code;
        }
    }

    public String name() {
        StringBuilder b = new StringBuilder(join.code).append('.').append(lock.code());
        if (lock.kind() != Lock.Kind.NONE) {
            if (strength != Strength.UPDATE) {
                b.append('.').append(strength.code);
            }
            b.append('.').append(waitPolicy.code);
        }
        return b.append('.').append(isolation.code())
                .append('.').append(write.code)
                .append('.').append(recheck ? "recheck" : "no-recheck")
                .append(".limit").append(limit)
                .toString();
    }

    /** The clause as SQL, e.g. {@code FOR UPDATE OF a, init SKIP LOCKED}; empty without one. */
    public String lockClauseSql() {
        return switch (lock.kind()) {
            case NONE -> "";
            case ALL -> strength.sql + (waitPolicy == Wait.SKIP ? " SKIP LOCKED" : "");
            case OF -> strength.sql + " OF " + lock.tables().stream().sorted().map(t -> t.alias).collect(Collectors.joining(", "))
                    + (waitPolicy == Wait.SKIP ? " SKIP LOCKED" : "");
        };
    }

    @Override
    public String toString() {
        return name();
    }
}

package io.claimmatrix.claim;

import io.claimmatrix.claim.Dimensions.Join;
import io.claimmatrix.claim.Dimensions.Lock;
import io.claimmatrix.claim.Dimensions.Strength;
import io.claimmatrix.claim.Dimensions.Table;
import io.claimmatrix.claim.Dimensions.Wait;
import io.claimmatrix.claim.Dimensions.WritePath;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The matrix of composed variants. Rather than every combination (hundreds, mostly redundant), it is:
 * <ol>
 *   <li>the <b>core grid</b>: join × every lock target set (none, bare FOR UPDATE, each subset of the three tables)
 *       × isolation, everything else as the seed writes it;</li>
 *   <li><b>one-dimension sweeps</b> from the seed and from its workaround: wait instead of skip, upsert, re-check,
 *       LIMIT 10, FOR NO KEY UPDATE, FOR SHARE — each at every isolation level.</li>
 * </ol>
 * A combination a hand-written strategy already covers is left to it (its dimensions name the same variant).
 */
public final class ComposedMatrix implements StrategySource {

    /** A larger batch, to see whether claiming several accounts at once changes anything. */
    public static final int LARGE_LIMIT = 10;

    @Override
    public List<ClaimStrategy<?>> strategies(List<ClaimStrategy<?>> handWritten) {
        Set<String> covered = new java.util.HashSet<>();
        handWritten.forEach(s -> s.dimensions().ifPresent(d -> covered.add(d.name())));
        Map<String, ClaimStrategy<?>> out = new LinkedHashMap<>();
        for (Dimensions d : dimensions()) {
            if (!covered.contains(d.name())) {
                out.putIfAbsent(d.name(), new ComposedClaim(d));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Every composed variant's dimensions, core grid first, without repeats. */
    public static List<Dimensions> dimensions() {
        Map<String, Dimensions> all = new LinkedHashMap<>();
        for (Join join : Join.values()) {
            for (Lock lock : lockTargets()) {
                for (Isolation isolation : Isolation.values()) {
                    add(all, new Dimensions(join, lock, Strength.UPDATE, Wait.SKIP, isolation, WritePath.UPDATE_INSERT, false, 1));
                }
            }
        }
        Dimensions seed = new Dimensions(Join.LEFT, Lock.of(Table.ACCOUNTS, Table.INITIAL), Strength.UPDATE, Wait.SKIP,
                Isolation.READ_COMMITTED, WritePath.UPDATE_INSERT, false, 1);
        Dimensions workaround = new Dimensions(Join.INNER, Lock.of(Table.ACCOUNTS, Table.INITIAL, Table.INCREMENTAL), Strength.UPDATE,
                Wait.SKIP, Isolation.READ_COMMITTED, WritePath.UPDATE_INSERT, false, 1);
        List<UnaryOperator<Dimensions>> sweeps = List.of(
                d -> with(d, d.strength(), Wait.WAIT, d.write(), d.recheck(), d.limit()),
                d -> with(d, d.strength(), d.waitPolicy(), WritePath.UPSERT, d.recheck(), d.limit()),
                d -> with(d, d.strength(), d.waitPolicy(), d.write(), true, d.limit()),
                d -> with(d, d.strength(), d.waitPolicy(), d.write(), d.recheck(), LARGE_LIMIT),
                d -> with(d, Strength.NO_KEY_UPDATE, d.waitPolicy(), d.write(), d.recheck(), d.limit()),
                d -> with(d, Strength.SHARE, d.waitPolicy(), d.write(), d.recheck(), d.limit()));
        for (Dimensions base : List.of(seed, workaround)) {
            for (UnaryOperator<Dimensions> sweep : sweeps) {
                for (Isolation isolation : Isolation.values()) {
                    add(all, sweep.apply(at(base, isolation)));
                }
            }
        }
        return List.copyOf(all.values());
    }

    /** None, bare FOR UPDATE, then every non-empty subset of the three tables. */
    static List<Lock> lockTargets() {
        List<Lock> locks = new ArrayList<>(List.of(Lock.NONE, Lock.ALL));
        Table[] tables = Table.values();
        for (int mask = 1; mask < 1 << tables.length; mask++) {
            EnumSet<Table> set = EnumSet.noneOf(Table.class);
            for (int i = 0; i < tables.length; i++) {
                if ((mask & 1 << i) != 0) {
                    set.add(tables[i]);
                }
            }
            locks.add(new Lock(Lock.Kind.OF, set));
        }
        return locks;
    }

    private static void add(Map<String, Dimensions> all, Dimensions d) {
        all.putIfAbsent(d.name(), d);
    }

    private static Dimensions at(Dimensions d, Isolation isolation) {
        return new Dimensions(d.join(), d.lock(), d.strength(), d.waitPolicy(), isolation, d.write(), d.recheck(), d.limit());
    }

    private static Dimensions with(Dimensions d, Strength strength, Wait wait, WritePath write, boolean recheck, int limit) {
        return new Dimensions(d.join(), d.lock(), strength, wait, d.isolation(), write, recheck, limit);
    }
}

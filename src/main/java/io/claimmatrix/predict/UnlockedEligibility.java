package io.claimmatrix.predict;

import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seed's hole: a relation the claim's qualifications read (its WHERE, a NOT EXISTS, a join) that the claim then
 * writes, but that its locking clause does not cover (no {@code <alias>.ctid} in the LockRows output) and no later claim
 * statement re-checks. Under READ COMMITTED a statement sees a snapshot taken when it starts; only the rows it locks or
 * updates are re-checked against their newest version after a wait (EvalPlanQual; PostgreSQL manual, "13.2.1 Read
 * Committed Isolation Level"). So a claim whose snapshot predates another claim's commit still sees the item eligible
 * and takes it again: DUPLICATES. Variations, each read from the statements:
 * <ul>
 *   <li>a later claim statement that reads the relation's eligibility columns (not only its key) after an exclusive
 *       row lock serialised the claims, re-checks it in a new snapshot: protected. One that locks by key only
 *       ({@code WHERE id = ? FOR UPDATE}) re-checks only the key: not protected;</li>
 *   <li>a later claim statement {@code INSERT ... ON CONFLICT DO NOTHING RETURNING} on a unique key is an arbiter: the
 *       loser gets no row and keeps nothing: protected. The same insert inside the first claim statement makes the
 *       loser's claim return nothing while other items wait: INCOMPLETE;</li>
 *   <li>when the first write through the hole is a plain INSERT covering a unique key, the second claim's INSERT waits
 *       for the first and fails with 23505: ABORTS, not DUPLICATES;</li>
 *   <li>when the relation is joined to the item only by groups.sql's group column, the hole lets two items of one group
 *       run at once: GROUP_DUPLICATES (REPEATABLE READ too: the items differ, so no row conflicts); SERIALIZABLE fails
 *       the read/write cycle with 40001. Not when the items themselves are read unlocked: DUPLICATES comes first;</li>
 *   <li>a claim that locks and writes the group's own row (a table keyed by the group column, read beyond its key)
 *       goes through it for every item of the group: an older snapshot re-checks it and skips the group
 *       ({@link #groupRow});</li>
 *   <li>a claim that locks the item row through qualifications beyond its key and writes it re-checks the item itself:
 *       no item is taken twice, whatever a hole beside it says ({@link #itemsRechecked}).</li>
 * </ul>
 * Under REPEATABLE READ and SERIALIZABLE the item hole aborts (40001) instead of duplicating: see {@link SnapshotConflict}.
 */
final class UnlockedEligibility implements Rule {

    @Override
    public String name() {
        return "unlocked-eligibility";
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        List<PlanFacts.Scan> holes = f.unlockedWritten();
        if (holes.isEmpty()) {
            return Optional.empty();
        }
        String read = read(f, holes);
        Optional<Facts.Write> arbiterInClaim = f.writes().stream().filter(w -> w.inClaimStatement() && "NOTHING".equals(w.conflict())
                && holes.stream().anyMatch(h -> h.relation().equals(w.relation()))).findFirst();
        if (arbiterInClaim.isPresent()) {
            return Optional.of(f.readCommitted()
                    ? predict(f, Verdict.INCOMPLETE, read + ". Its own " + arbiterInClaim.get().describe() + " decides the race: "
                    + "a claim that loses it waits for the winner, inserts nothing and returns nothing, while items of other "
                    + "groups wait (a silent miss).", "lock the group's own row (FOR UPDATE OF it SKIP LOCKED, so a claim skips "
                    + "a taken group and picks another), or retry a claim that returns nothing")
                    : predict(f, Verdict.ABORTS, read + ". At " + f.isolation().sql() + " ON CONFLICT DO NOTHING may not skip a "
                    + "row committed after the snapshot: the claim that loses the race fails with 40001.", "retry on 40001"));
        }
        Set<String> byKeyOnly = new LinkedHashSet<>(); // one line per later lock, however many aliases of its table are holes
        List<PlanFacts.Scan> open = holes.stream().filter(h -> !protectedLater(f, h, byKeyOnly)).toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        if (groupRow(f) != null && open.stream().allMatch(h -> joinedByGroupOnly(f, h))) {
            return Optional.empty(); // every claim of a group goes through the group's own row, locked and re-checked
        }
        String why = read(f, open) + (byKeyOnly.isEmpty() ? "" : "; the later "
                + String.join(", ", byKeyOnly) + " re-checks only the key after its wait, not the columns that made the item eligible");
        String unique = refusingKey(f, open);
        // The items themselves read unlocked: two claims can take the same item, which DUPLICATES names before any group.
        String item = f.claim().firstOutputAlias();
        boolean itemNotAHole = open.stream().noneMatch(h -> h.alias().equals(item));
        boolean group = f.model().groupColumn() != null && itemNotAHole && open.stream().allMatch(h -> joinedByGroupOnly(f, h));
        String fix = fix(f, open);
        if (group) {
            String groupWhy = why + ", and it is joined to the item only by " + f.model().groupColumn() + ": the snapshot cannot "
                    + "see another claim's row for the same " + f.model().groupColumn() + " until it commits";
            if (unique != null) {
                return Optional.of(predict(f, Verdict.ABORTS, groupWhy + "; the second INSERT of the " + f.model().groupColumn()
                        + " waits for the first claim and fails on the unique key (" + unique + ") with 23505"
                        + (f.isolation() == Isolation.SERIALIZABLE ? " (40001 at SERIALIZABLE)" : "") + ".", "lock the group's own row "
                        + "(FOR UPDATE OF it SKIP LOCKED) so a claim skips a taken group instead of failing"));
            }
            return Optional.of(f.isolation() == Isolation.SERIALIZABLE
                    ? predict(f, Verdict.ABORTS, groupWhy + "; at SERIALIZABLE the read of " + open.get(0).relation() + " and the "
                    + "write of it by two claims form a read/write cycle that fails one with 40001.", "retry on 40001, or " + fix)
                    : predict(f, Verdict.GROUP_DUPLICATES, groupWhy + ": two claims take two items of one group and both "
                    + "commit.", (open.get(0).relation().equals(f.model().itemRelation()) ? "" : "give " + open.get(0).relation()
                    + " a unique key on " + f.model().groupColumn() + ", or ") + "lock the group's own row (FOR UPDATE OF it SKIP LOCKED)"));
        }
        if (item != null && itemNotAHole && itemsRechecked(f)) {
            // Another claim's item fails its own re-check: no item is taken twice. But when the item is chosen by a read
            // that locks nothing and the claim waits (no SKIP LOCKED), every claim picks the same head, and each that
            // waited re-checks it, drops it and returns nothing.
            List<PlanFacts.Scan> chosenUnlocked = open.stream().filter(h -> h.relation().equals(f.model().itemRelation())
                    && !joinedByGroupOnly(f, h)).toList();
            if (f.readCommitted() && !f.skipLocked() && !chosenUnlocked.isEmpty()) {
                return Optional.of(predict(f, Verdict.INCOMPLETE, "The claim chooses its item by reading " + f.named(chosenUnlocked)
                        + " with no lock, then " + writes(f, chosenUnlocked) + " locks and re-checks it: claims that start together "
                        + "pick the same item; each but the first waits for its row lock, re-checks the newest version "
                        + "(EvalPlanQual), finds it taken and returns nothing while other items wait (a silent miss).",
                        "lock the item where it is chosen, skipping taken ones (... WHERE id = (SELECT id ... LIMIT 1 FOR UPDATE "
                        + "SKIP LOCKED)), or retry a claim that returns nothing"));
            }
            return Optional.empty();
        }
        if (!f.readCommitted()) {
            return Optional.empty(); // an item changed after the snapshot: SnapshotConflict says ABORTS
        }
        if (unique != null) {
            // Nothing locked, the key arbitrates: lock the item itself so that claims pass over each other's.
            String items = f.claim().rowMarks().isEmpty() ? f.claim().scans().stream()
                    .filter(h -> h.relation().equals(f.model().itemRelation()) && !open.contains(h))
                    .map(h -> f.userAlias(h.alias())).findFirst().orElse(null) : null;
            return Optional.of(predict(f, Verdict.ABORTS, why + ": two claims take the same item, but the second one's INSERT "
                    + "waits for the first and fails on the unique key (" + unique + ") with 23505.", items == null ? fix
                    : "lock the item (FOR UPDATE OF " + items + " SKIP LOCKED), so a claim passes over one another claim holds "
                    + "instead of failing on the key, or retry on 23505"));
        }
        return Optional.of(predict(f, Verdict.DUPLICATES, why + ": under READ COMMITTED a claim whose snapshot predates "
                + "another claim's commit still sees the item eligible, and nothing it locks was changed, so nothing is "
                + "re-checked (no EvalPlanQual): it takes the item again.", fix));
    }

    /**
     * Lock the holes a locking clause can reach; re-check, in a statement after the lock, those it cannot: an alias on
     * the nullable side of an outer join (0A000; an inner join would make it lockable) or inside an anti join (a NOT
     * EXISTS: a locking clause does not reach into sublinks).
     */
    private static String fix(Facts f, List<PlanFacts.Scan> open) {
        List<String> lockable = new java.util.ArrayList<>(), outer = new java.util.ArrayList<>(), anti = new java.util.ArrayList<>();
        for (PlanFacts.Scan h : open) {
            String side = f.claim().nullableSide(h.alias());
            List<String> into = side == null ? lockable : side.equals("Anti") ? anti : outer;
            if (!into.contains(f.userAlias(h.alias()))) {
                into.add(f.userAlias(h.alias())); // jobs and the plan's jobs_1 are one name in the SQL
            }
        }
        String recheck = "re-check " + open.get(0).relation() + "'s condition in a second statement after the lock";
        if (outer.isEmpty() && anti.isEmpty()) {
            return "lock " + String.join(", ", lockable) + " too (FOR UPDATE OF ...), or " + recheck;
        }
        List<String> cannot = new java.util.ArrayList<>();
        if (!outer.isEmpty()) {
            cannot.add(String.join(", ", outer) + (outer.size() == 1 ? " is" : " are") + " on the nullable side of an outer join");
        }
        if (!anti.isEmpty()) {
            cannot.add(String.join(", ", anti) + (anti.size() == 1 ? " is" : " are") + " read in an anti join such as a NOT EXISTS");
        }
        String why = " (" + String.join("; ", cannot) + ", which FOR UPDATE cannot lock)";
        String inner = outer.isEmpty() ? "" : ", or join " + String.join(", ", outer) + " with an inner join and lock it too";
        return lockable.isEmpty() ? recheck + why + inner
                : "lock " + String.join(", ", lockable) + " too (FOR UPDATE OF ...), and " + recheck + why + inner;
    }

    /**
     * Whether a claim re-checks the item row itself after another claim took it: it holds an exclusive lock on the
     * item table through an alias whose qualifications read more than the key, and the claim writes the item table
     * (marks its items taken). A claim whose snapshot predates another's commit then locks a row that commit changed,
     * and EvalPlanQual re-checks that row's newest version against those qualifications and drops it, whatever
     * relation read unlocked beside it still says. (Assumes the write changes a column the qualifications read, as
     * marking an item taken does.)
     */
    static boolean itemsRechecked(Facts f) {
        String items = f.model().itemRelation();
        if (items == null || f.sharedLock()) {
            return false;
        }
        boolean written = f.writes().stream().anyMatch(w -> w.relation().equals(items) && !"Insert".equals(w.operation()));
        return written && f.lockedAliases().stream().filter(a -> items.equals(f.claim().relationOf(a)))
                .anyMatch(a -> f.claim().qualifiedColumns(a).stream().anyMatch(c -> !f.model().inKey(items, c)));
    }

    /**
     * The alias of the group's own row, when the claim holds it: an exclusive lock on a table other than the items,
     * whose primary key is the group column ({@code tenants (tenant_id)} for items grouped by {@code tenant_id}), read
     * through qualifications beyond that key ({@code busy_until <= now()}) and written by the claim (marked busy). A
     * claim whose snapshot predates another's commit then locks a group row that commit changed, re-checks it
     * (EvalPlanQual) and skips the group, with all of its items. {@code null} when there is none.
     */
    static String groupRow(Facts f) {
        String group = f.model().groupColumn(), items = f.model().itemRelation();
        if (group == null || f.sharedLock()) {
            return null;
        }
        for (String a : f.lockedAliases()) {
            String relation = f.claim().relationOf(a);
            if (relation == null || relation.equals(items) || !f.model().isKey(relation, group)) {
                continue;
            }
            boolean written = f.writes().stream().anyMatch(w -> w.relation().equals(relation) && "Update".equals(w.operation()));
            if (written && f.claim().qualifiedColumns(a).stream().anyMatch(c -> !f.model().inKey(relation, c))) {
                return a;
            }
        }
        return null;
    }

    /** {@code The claim reads imports (as incr) in its qualifications, writes UPDATE imports, and locks no row of it}. */
    private static String read(Facts f, List<PlanFacts.Scan> holes) {
        boolean one = holes.stream().map(f::named).distinct().count() == 1;
        return "The claim reads " + f.named(holes) + " in its qualifications, writes " + writes(f, holes) + ", and locks "
                + (one ? "no row of it" : "none of their rows");
    }

    /** {@code UPDATE imports} or {@code INSERT INTO claimed_jobs, DELETE FROM jobs}. */
    private static String writes(Facts f, List<PlanFacts.Scan> holes) {
        return holes.stream().flatMap(h -> f.writesThrough(h.alias()).stream()).map(Facts.Write::describe).distinct()
                .collect(Collectors.joining(", "));
    }

    /**
     * Whether a later claim statement protects the hole: an arbiter insert, or a re-check of a column other than the
     * key once an exclusive lock has serialised the claims. Notes a statement that locks by key only.
     */
    private static boolean protectedLater(Facts f, PlanFacts.Scan hole, Set<String> byKeyOnly) {
        boolean exclusive = !f.sharedLock() && !f.claim().rowMarks().isEmpty();
        for (StatementFacts s : f.laterClaims()) {
            if (s.plan().modifications().stream().anyMatch(m -> "NOTHING".equals(m.conflict()))) {
                return true;
            }
            boolean locks = !s.plan().lockRows().isEmpty() && !StatementFacts.sharedLock(s.sql());
            for (PlanFacts.Scan read : s.plan().scans()) {
                if (!read.relation().equals(hole.relation())) {
                    continue;
                }
                boolean beyondKey = s.plan().qualifiedColumns(read.alias()).stream().anyMatch(c -> !f.model().inKey(read.relation(), c));
                if (beyondKey && (exclusive || locks)) {
                    return true;
                }
                if (!beyondKey && locks) {
                    byKeyOnly.add("lock of " + read.relation() + " by " + String.join(", ",
                            f.model().primaryKeys().getOrDefault(read.relation(), List.of("its key"))));
                }
            }
        }
        return false;
    }

    /** The unique key a plain INSERT through the hole fills, when that INSERT is the first write through it on every fixture. */
    private static String refusingKey(Facts f, List<PlanFacts.Scan> open) {
        // The claim statement's own INSERT (INSERT INTO claims ... SELECT ... RETURNING) is the first write of all.
        Optional<Facts.Write> own = open.stream().flatMap(h -> f.writesThrough(h.alias()).stream()).filter(Facts.Write::inClaimStatement)
                .findFirst();
        if (own.isPresent()) {
            List<String> columns = f.statements().stream().filter(s -> s.phase() == io.claimmatrix.run.StatementLog.Phase.CLAIM
                    && s.index() == 0).findFirst().map(StatementFacts::columns).orElse(List.of());
            List<String> covered = "Insert".equals(own.get().operation()) && own.get().conflict() == null
                    ? f.model().uniqueKeyCovered(own.get().relation(), columns) : null;
            return covered == null ? null : own.get().relation() + " (" + String.join(", ", covered) + ")";
        }
        Map<String, Facts.Write> firstByFixture = new LinkedHashMap<>();
        for (PlanFacts.Scan h : open) {
            for (Facts.Write w : f.writesThrough(h.alias())) {
                if (w.statement() != null) {
                    Facts.Write first = firstByFixture.get(w.statement().fixture());
                    if (first == null || order(f, w) < order(f, first)) {
                        firstByFixture.put(w.statement().fixture(), w);
                    }
                }
            }
        }
        String key = null;
        for (Facts.Write w : firstByFixture.values()) {
            List<String> covered = "Insert".equals(w.operation()) && w.conflict() == null
                    ? f.model().uniqueKeyCovered(w.relation(), w.statement().columns()) : null;
            if (covered == null) {
                return null;
            }
            key = w.relation() + " (" + String.join(", ", covered) + ")";
        }
        return key;
    }

    private static int order(Facts f, Facts.Write w) {
        return f.statements().indexOf(w.statement());
    }

    /** Whether every equi-join of the alias to another is on the group column. */
    private static boolean joinedByGroupOnly(Facts f, PlanFacts.Scan hole) {
        List<String[]> joins = f.claim().joins().stream().filter(j -> j[0].equals(hole.alias()) || j[2].equals(hole.alias())).toList();
        return !joins.isEmpty() && joins.stream().allMatch(j -> j[1].equals(f.model().groupColumn()) && j[3].equals(f.model().groupColumn()));
    }
}

package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;

import java.util.Optional;

/**
 * A locking clause that covers a joined parent row shared by many items: without {@code OF}, {@code FOR UPDATE} locks
 * a row of every table in FROM (PostgreSQL manual, "SELECT: The Locking Clause"), so a claim of one item also locks its
 * parent (the join {@code parent.key = item.column}), and with SKIP LOCKED every other claim then skips each item that
 * shares that parent: it returns nothing while those items wait (a silent miss), at every isolation level. Not a
 * finding when the claim writes the parent row: then locking it is the point (a per-queue lock).
 */
final class ParentRowLocked implements Rule {

    @Override
    public String name() {
        return "parent-row-locked";
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        String item = f.model().itemRelation();
        if (item == null || !f.skipLocked() || f.sharedLock()) {
            return Optional.empty();
        }
        for (String[] j : f.claim().joins()) {
            for (int side = 0; side < 2; side++) {
                String parent = j[side * 2], parentColumn = j[side * 2 + 1], child = j[2 - side * 2], childColumn = j[3 - side * 2];
                String parentRelation = f.claim().relationOf(parent), childRelation = f.claim().relationOf(child);
                if (parentRelation == null || !item.equals(childRelation) || parentRelation.equals(item)
                        || !f.claim().rowMarks().contains(parent) || !f.writesThrough(parent).isEmpty()
                        || !f.model().isKey(parentRelation, parentColumn) || f.model().isKey(childRelation, childColumn)) {
                    continue;
                }
                String p = f.userAlias(parent), c = f.userAlias(child);
                return Optional.of(predict(f, Verdict.INCOMPLETE, "The locking clause covers " + parentRelation + " (as " + p
                        + "), joined by " + p + "." + parentColumn + " = " + c + "." + childColumn + ": a claim locks the "
                        + parentRelation + " row its " + item + " share, and SKIP LOCKED makes every other claim skip each of "
                        + "those " + item + ", so it returns nothing while they wait (a silent miss).",
                        "lock only the item: FOR UPDATE OF " + c + " SKIP LOCKED"));
            }
        }
        return Optional.empty();
    }
}

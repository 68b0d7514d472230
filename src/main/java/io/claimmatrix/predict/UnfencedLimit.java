package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;

import java.util.Optional;
import java.util.Set;

/**
 * An UPDATE or DELETE whose {@code IN (...)} or {@code FROM (...)} holds a locking subquery with a LIMIT, not fenced in
 * a CTE or a scalar {@code = (...)} subquery (both are planned apart and run once: an InitPlan). The planner pulls such
 * a subquery up into a join, and the plan decides how often it runs: on the inner side of a Nested Loop (or as a
 * correlated SubPlan) it is rescanned for every row of the outer side, and each rescan skips the rows this statement
 * already locked and locks the next ones, so one statement takes far more than its LIMIT. Hashed or materialised, it
 * runs once: safe under that plan, but the shape is plan-dependent (stale statistics can turn it into the Nested Loop).
 * Read from the plan: a LockRows node under a Subquery Scan, on a path to the ModifyTable that no InitPlan fences.
 */
final class UnfencedLimit implements Rule {

    /** Nodes that keep their input's rows: above them a rescan reads the kept rows, not the locking query. */
    private static final Set<String> KEEPS_ROWS = Set.of("Hash", "Materialize", "Memoize", "CTE Scan");

    @Override
    public String name() {
        return "unfenced-limit";
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        return shape(f).filter(s -> s.rescanned).map(s -> predict(f, Verdict.OVERCLAIM, "The locking subquery over "
                + s.relation + " sits in the " + s.statement + "'s IN/FROM, not in a CTE: the planner joined it with a "
                + s.how + ", which runs it again for every row of " + s.target + " the statement reads; each run skips the rows "
                + "already locked and locks the next, so one statement takes every row it can.", FIX));
    }

    /** Under a plan that runs the subquery once, what makes the claim plan-dependent all the same. */
    Optional<String> caveat(Facts f) {
        return shape(f).filter(s -> !s.rescanned).map(s -> "The locking subquery in the " + s.statement + "'s IN/FROM runs "
                + "once under this plan (" + s.how + "), but the shape is plan-dependent: a Nested Loop with the subquery on "
                + "its inner side and no node keeping its rows would rescan it and over-claim; " + FIX + ".");
    }

    private static final String FIX = "fence the locking subquery in a CTE (WITH picked AS (... FOR UPDATE SKIP LOCKED) UPDATE ... "
            + "FROM picked) or a scalar = (...) subquery";

    private record Shape(boolean rescanned, String how, String relation, String statement, String target) {
    }

    private static Optional<Shape> shape(Facts f) {
        if (f.claim().modifications().isEmpty()) {
            return Optional.empty();
        }
        PlanFacts.Node modify = f.claim().modifications().get(0);
        for (PlanFacts.Node lock : f.claim().lockRows()) {
            boolean pulledUp = false;
            String kept = null; // the node that keeps the subquery's rows (Materialize, Hash, ...), if any
            String how = null;
            boolean rescanned = false;
            PlanFacts.Node child = lock;
            for (PlanFacts.Node a : PlanFacts.ancestors(lock)) {
                if ("InitPlan".equals(child.parentRelationship())) {
                    pulledUp = false; // a CTE or an uncorrelated (scalar, ARRAY) subquery: planned apart, run once
                    break;
                }
                if ("SubPlan".equals(child.parentRelationship())) {
                    pulledUp = true; // a correlated subquery: run again for each outer row unless its rows are kept
                    rescanned = kept == null;
                    how = "correlated SubPlan";
                }
                if (a.type().equals("Subquery Scan")) {
                    pulledUp = true;
                }
                if (kept == null && KEEPS_ROWS.contains(a.type())) {
                    kept = a.type();
                }
                if (how == null && (a.type().equals("Nested Loop") || a.type().endsWith(" Join"))) {
                    boolean inner = "Inner".equals(child.parentRelationship());
                    how = a.type() + (inner ? " with the subquery on its inner side" : "") + (kept == null ? ""
                            : ", under a " + kept + " that keeps its rows");
                    rescanned = a.type().equals("Nested Loop") && inner && kept == null;
                }
                child = a;
                if (a == modify) {
                    break;
                }
            }
            if (pulledUp) {
                String scanned = lock.children().isEmpty() ? null : scanned(lock);
                return Optional.of(new Shape(rescanned, how == null ? "a join" : how, scanned,
                        modify.operation().toUpperCase(java.util.Locale.ROOT), modify.relation()));
            }
        }
        return Optional.empty();
    }

    /** The relation the locking subquery scans. */
    private static String scanned(PlanFacts.Node n) {
        if (n.relation() != null && !n.type().equals("ModifyTable")) {
            return n.relation();
        }
        for (PlanFacts.Node c : n.children()) {
            String r = scanned(c);
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}

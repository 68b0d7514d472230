package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;

import java.util.Optional;

/**
 * An advisory-lock function ({@code pg_try_advisory_xact_lock}, {@code pg_try_advisory_lock}) in a scan's qualification
 * where the plan evaluates it on more rows than the claim returns: the scan feeds a node that reads all its input
 * before the LIMIT cuts it (a Sort, a Hash, ...). Each call that succeeds takes a lock held until the transaction (or
 * session) ends (PostgreSQL manual, "9.27.10 Advisory Lock Functions"), so one claim locks the id of every row it
 * scans and returns one; every claim beside it finds every id taken and returns nothing while items wait. The claims
 * are serialised: nothing else they could do wrong happens side by side, so this finding decides alone.
 *
 * <p>With an Index Scan in the ORDER BY's order directly under the LIMIT, the scan stops at the first row it locks, and
 * this rule does not apply: the claim's rows are then unlocked eligibility ({@link UnlockedEligibility}).
 */
final class AdvisoryLockScan implements Rule {

    @Override
    public String name() {
        return "advisory-lock-scan";
    }

    @Override
    public boolean decisive() {
        return true;
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        Optional<PlanFacts.Node> scan = f.claim().scanCalling("pg_try_advisory_xact_lock").or(() -> f.claim().scanCalling("pg_try_advisory_lock"));
        if (scan.isEmpty()) {
            return Optional.empty();
        }
        String blocking = null;
        for (PlanFacts.Node a : PlanFacts.ancestors(scan.get())) {
            if (a.type().equals("Limit")) {
                break;
            }
            if (PlanFacts.BLOCKING.contains(a.type())) {
                blocking = a.type();
                break;
            }
        }
        if (blocking == null) {
            return Optional.empty();
        }
        return Optional.of(predict(f, Verdict.INCOMPLETE, "The " + scan.get().describe() + " tries the advisory lock on every "
                + "row it reads, and a " + blocking + " reads them all before the LIMIT: one claim locks every id of "
                + scan.get().relation() + " and returns one; the claims beside it find every id taken and return nothing while "
                + "items wait (a silent miss).", "let the LIMIT stop the scan (an index in the ORDER BY's order, so the plan is a "
                + "Limit over an Index Scan), or lock rows with FOR UPDATE SKIP LOCKED instead of advisory locks"));
    }
}

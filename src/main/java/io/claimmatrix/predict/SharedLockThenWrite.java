package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * {@code FOR SHARE} (or {@code FOR KEY SHARE}) on a row the claim then writes: share locks do not conflict with each
 * other, so two claims hold the same row, and each one's UPDATE waits for the other's share lock: a deadlock (40P01)
 * that PostgreSQL breaks only after {@code deadlock_timeout}, over and over, until the round's deadline (PostgreSQL
 * manual, "Explicit Locking: Row-Level Locks" and "Deadlocks").
 */
final class SharedLockThenWrite implements Rule {

    @Override
    public String name() {
        return "shared-lock-then-write";
    }

    @Override
    public boolean decisive() {
        return true;
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        if (!f.sharedLock()) {
            return Optional.empty();
        }
        List<PlanFacts.Scan> written = f.claim().scans().stream()
                .filter(s -> f.claim().rowMarks().contains(s.alias()) && !f.writesThrough(s.alias()).isEmpty()).toList();
        if (written.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(predict(f, Verdict.TIMEOUT, "The claim share-locks " + f.named(written) + " and then writes "
                + "those rows (" + f.writesThrough(written.get(0).alias()).get(0).describe() + "): two claims hold the share "
                + "lock at once and each one's write waits for the other's, a deadlock (40P01) broken only after deadlock_timeout, "
                + "again and again.", "lock with FOR UPDATE (or FOR NO KEY UPDATE) instead of FOR SHARE"));
    }
}

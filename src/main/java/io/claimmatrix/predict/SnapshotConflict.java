package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;

import java.util.Optional;

/**
 * REPEATABLE READ and SERIALIZABLE: a transaction reads one snapshot, so locking, updating or deleting a row another
 * claim changed after that snapshot fails with 40001 ("could not serialize access due to concurrent update") instead of
 * being re-checked, and SERIALIZABLE also fails read/write cycles between claims (PostgreSQL manual, "13.2.2 Repeatable
 * Read Isolation Level", "13.2.3 Serializable Isolation Level"). Claims of one queue all contend for its head, so they
 * abort: where READ COMMITTED would duplicate or re-check, these levels abort.
 */
final class SnapshotConflict implements Rule {

    @Override
    public String name() {
        return "snapshot-conflict";
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        if (f.readCommitted() || (f.lockedAliases().isEmpty() && f.writes().isEmpty())) {
            return Optional.empty();
        }
        Facts atReadCommitted = new Facts(f.variant(), io.claimmatrix.claim.Isolation.READ_COMMITTED, f.statistics(), f.claimSql(),
                f.claim(), f.statements(), f.model(), f.batch());
        String duplicates = new UnlockedEligibility().apply(atReadCommitted).filter(p -> p.verdict() == Verdict.DUPLICATES)
                .map(p -> " (under READ COMMITTED it would take the item again: " + f.named(f.unlockedWritten())
                        + (f.unlockedWritten().stream().map(f::named).distinct().count() == 1 ? " is" : " are")
                        + " read unlocked, written, and not re-checked)").orElse("");
        return Optional.of(predict(f, Verdict.ABORTS, "At " + f.isolation().sql() + " a claim that locks or writes a row another "
                + "claim changed after its snapshot fails with 40001 instead of re-checking it" + duplicates + ".",
                "retry on 40001, or claim at READ COMMITTED with every eligibility relation locked or re-checked"));
    }
}

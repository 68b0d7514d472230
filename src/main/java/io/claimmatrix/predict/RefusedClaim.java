package io.claimmatrix.predict;

import io.claimmatrix.run.Verdict;

import java.util.Optional;

/**
 * PostgreSQL refuses to plan the claim statement, e.g. a locking clause that names a table on the nullable side of an
 * outer join (0A000, "FOR UPDATE cannot be applied to the nullable side of an outer join"; PostgreSQL manual, "SELECT:
 * The Locking Clause"): every claim fails the same way, at every isolation level.
 */
final class RefusedClaim implements Rule {

    @Override
    public String name() {
        return "refused";
    }

    @Override
    public boolean decisive() {
        return true;
    }

    @Override
    public Optional<Prediction> apply(Facts f) {
        if (!f.claim().refused()) {
            return Optional.empty();
        }
        String fix = f.claim().error().contains("nullable side")
                ? "name only the tables on the inner side of the outer join in FOR UPDATE OF, or join the locked table with an inner join"
                : "make the statement one PostgreSQL accepts";
        return Optional.of(predict(f, Verdict.REJECTED, "PostgreSQL refuses to plan the claim statement: " + f.claim().error()
                + " (SQLSTATE " + f.claim().sqlState() + ").", fix));
    }
}

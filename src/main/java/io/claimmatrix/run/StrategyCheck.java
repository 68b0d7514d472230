package io.claimmatrix.run;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.sql.SqlClaimStrategy;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.sql.SqlFileException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks strategies against their model's schema before anything runs: PostgreSQL parses and analyses every statement
 * (nothing is executed), so a strategy naming a table or column its model lacks is one line of bad input (file and
 * line for a {@code .sql} strategy, the class for a Java one) rather than a run of aborted claims. What PostgreSQL
 * refuses only when it plans or runs a statement is measured instead, as {@link Verdict#REJECTED}.
 */
public final class StrategyCheck {

    private StrategyCheck() {
    }

    /**
     * @throws BadInputException every problem found, one line each
     */
    public static void check(ModelSchema model, List<ClaimStrategy<?>> strategies) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection c = model.schema().connect()) {
            for (ClaimStrategy<?> s : strategies) {
                if (s instanceof SqlClaimStrategy sql) {
                    try {
                        sql.check(c, model);
                    } catch (SqlFileException e) {
                        problems.add(e.getMessage());
                    }
                } else {
                    String problem = describe(c, s, model.model().name());
                    if (problem != null) {
                        problems.add(s.getClass().getName() + " (" + s.name() + "): " + problem);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
    }

    /** A Java strategy's claim statement, described; class 42 (a missing table or column) is the problem. */
    private static String describe(Connection c, ClaimStrategy<?> s, String modelName) {
        String sql;
        try {
            sql = ClaimSqlRenderer.render(s);
        } catch (RuntimeException e) {
            return "its claim query cannot be rendered: " + e.getMessage();
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.getMetaData();
            return null;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                return "PostgreSQL cannot run its claim statement against model " + modelName + ": " + Failures.of(e).message()
                        + " (SQLSTATE " + e.getSQLState() + "); is model() the model its tables come from?";
            }
            return null;
        }
    }
}

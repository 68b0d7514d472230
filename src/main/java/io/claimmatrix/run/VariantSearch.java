package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;

import java.sql.SQLException;

/**
 * The interleaving search as the matrix runs it beside the soak: opened once per run, asked once per result. The
 * implementation is {@code io.claimmatrix.search.MatrixSearch}; the run package knows only this.
 */
public interface VariantSearch extends AutoCloseable {

    /** Opens a search for a run. */
    interface Factory {
        VariantSearch open(DatabaseTarget target, FixtureSettings fixtures);
    }

    /** The search's outcome for one strategy under one statistics condition, set beside the soak's verdict. */
    SearchOutcome search(QueueModel model, ClaimStrategy<?> strategy, Statistics statistics, Verdict soak)
            throws SQLException, InterruptedException;

    @Override
    void close();
}

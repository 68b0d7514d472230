package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;

/** The claim statement exactly as the strategy sends it, for showing beside its verdict. */
public final class ClaimSqlRenderer {

    private ClaimSqlRenderer() {
    }

    public static String render(ClaimStrategy<?> strategy) {
        var renderer = Jooq.renderer();
        return renderer.renderInlined(strategy.claimQuery(renderer));
    }
}

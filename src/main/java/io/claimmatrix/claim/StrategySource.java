package io.claimmatrix.claim;

import java.util.List;

/**
 * Supplies strategies that are not one class each, e.g. the composed matrix or SQL files. Discovered like
 * strategies: a public class with a no-argument constructor under {@code io.claimmatrix}.
 */
public interface StrategySource {

    /**
     * @param handWritten the strategies already found; a source skips what they cover
     */
    List<ClaimStrategy<?>> strategies(List<ClaimStrategy<?>> handWritten);
}

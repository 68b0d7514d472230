package io.claimmatrix.claim;

import org.jooq.Record2;

import java.util.List;

/**
 * An account a seed claim statement returned: its id and whether the claim saw an incremental import for it.
 *
 * @param hasIncremental whether the claim saw an incremental import for it (update it) or not (insert one)
 */
public record ClaimedAccount(String id, boolean hasIncremental) {

    /** A seed claim's rows, {@code (id, has_incremental)}. */
    public static List<ClaimedAccount> of(List<? extends Record2<String, Boolean>> rows) {
        return rows.stream().map(r -> new ClaimedAccount(r.value1(), Boolean.TRUE.equals(r.value2()))).toList();
    }
}

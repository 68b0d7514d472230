package io.claimmatrix.claim;

import org.jooq.DSLContext;
import org.jooq.Record2;

import java.util.List;

import static io.claimmatrix.claim.ClaimSql.INCREMENTAL;
import static io.claimmatrix.claim.ClaimSql.PENDING;
import static io.claimmatrix.schema.jooq.seed.Tables.IMPORTS;

/** The ways a seed claim is written: every claimed account's incremental import becomes {@code pending}. */
public final class WritePaths {

    private WritePaths() {
    }

    public static void write(Dimensions.WritePath path, DSLContext dsl, List<? extends Record2<String, Boolean>> rows) {
        List<ClaimedAccount> claimed = ClaimedAccount.of(rows);
        switch (path) {
            case UPDATE_INSERT -> updateThenInsert(dsl, claimed);
            case UPSERT -> upsert(dsl, claimed);
        }
    }

    /**
     * The seed's write: UPDATE the incremental imports the claim saw, INSERT those it saw as absent.
     * The claim's view decides which: an import another worker inserted meanwhile makes the INSERT fail (23505).
     */
    public static void updateThenInsert(DSLContext dsl, List<ClaimedAccount> claimed) {
        List<String> toUpdate = claimed.stream().filter(ClaimedAccount::hasIncremental).map(ClaimedAccount::id).toList();
        List<String> toInsert = claimed.stream().filter(c -> !c.hasIncremental()).map(ClaimedAccount::id).toList();
        if (!toUpdate.isEmpty()) {
            dsl.update(IMPORTS).set(IMPORTS.STATUS, PENDING)
                    .where(IMPORTS.KIND.eq(INCREMENTAL)).and(IMPORTS.ACCOUNT_ID.in(toUpdate))
                    .execute();
        }
        for (String id : toInsert) {
            dsl.insertInto(IMPORTS, IMPORTS.ACCOUNT_ID, IMPORTS.KIND, IMPORTS.STATUS)
                    .values(id, INCREMENTAL, PENDING)
                    .execute();
        }
    }

    /** One statement for all claimed accounts, whatever the claim saw: {@code INSERT ... ON CONFLICT DO UPDATE}. */
    public static void upsert(DSLContext dsl, List<ClaimedAccount> claimed) {
        var insert = dsl.insertInto(IMPORTS, IMPORTS.ACCOUNT_ID, IMPORTS.KIND, IMPORTS.STATUS);
        for (ClaimedAccount c : claimed) {
            insert = insert.values(c.id(), INCREMENTAL, PENDING);
        }
        insert.onConflict(IMPORTS.ACCOUNT_ID, IMPORTS.KIND).doUpdate().set(IMPORTS.STATUS, PENDING).execute();
    }
}

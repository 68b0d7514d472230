package io.claimmatrix.run;

import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Dimensions.Join;
import io.claimmatrix.claim.Dimensions.Lock;
import io.claimmatrix.claim.Dimensions.Strength;
import io.claimmatrix.claim.Dimensions.Table;
import io.claimmatrix.claim.Dimensions.Wait;
import io.claimmatrix.claim.Dimensions.WritePath;
import io.claimmatrix.claim.Isolation;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a verdict's reason: the mechanism, derived from the variant's dimensions (never from its name), followed
 * by what was measured. Each mechanism sentence is one a reader can check against the PostgreSQL manual
 * ("Transaction Isolation", "The Locking Clause"); when the measurement disagrees with it, the reason says so.
 */
public final class Reasons {

    /** What the dimensions allow, from the manual's rules; the measured verdict is judged against it. */
    public enum Mechanism {
        /** PostgreSQL will refuse the query. */
        REFUSED(EnumSet.of(Verdict.REJECTED)),
        /** A claim can see an account another claim took after its snapshot and commit it again. */
        DUPLICATE_POSSIBLE(EnumSet.of(Verdict.DUPLICATES, Verdict.ABORTS, Verdict.SAFE)),
        /** Such a claim fails when it writes (or locks) instead of committing a duplicate. */
        ABORT_POSSIBLE(EnumSet.of(Verdict.ABORTS, Verdict.SAFE)),
        /** Such a claim drops the account. */
        PROTECTED(EnumSet.of(Verdict.SAFE));

        /** The verdicts a run can honestly get under this mechanism (SAFE where the race was not hit). */
        public final Set<Verdict> consistent;

        Mechanism(Set<Verdict> consistent) {
            this.consistent = consistent;
        }
    }

    private Reasons() {
    }

    public static String explain(Optional<Dimensions> dimensions, Verdict verdict, Oracle.Tally tally, VariantRun run) {
        String measured = measured(verdict, tally, run);
        if (dimensions.isEmpty()) {
            return measured;
        }
        Dimensions d = dimensions.get();
        Mechanism m = mechanism(d);
        String caveat = "";
        if (verdict == Verdict.SAFE && m != Mechanism.PROTECTED) {
            caveat = " The race was not hit in this run, though the mechanism allows it: more rounds or workers may show it.";
        } else if (!m.consistent.contains(verdict) && verdict != Verdict.TIMEOUT && verdict != Verdict.INCOMPLETE) {
            caveat = " This disagrees with the mechanism above: read the evidence.";
        }
        return why(d) + " " + measured + caveat;
    }

    /** What the manual's rules allow for these dimensions. */
    public static Mechanism mechanism(Dimensions d) {
        if (refused(d)) {
            return Mechanism.REFUSED;
        }
        if (d.isolation() != Isolation.READ_COMMITTED) {
            return Mechanism.ABORT_POSSIBLE;
        }
        if (exclusive(d) && (d.recheck() || reChecksUpdatedRow(d))) {
            return Mechanism.PROTECTED;
        }
        return Mechanism.DUPLICATE_POSSIBLE;
    }

    private static boolean refused(Dimensions d) {
        return d.join() == Join.LEFT && d.lock().locks(Table.INCREMENTAL);
    }

    /** Whether two claims of one account conflict on a row lock held until commit. */
    private static boolean exclusive(Dimensions d) {
        return d.lock().kind() != Lock.Kind.NONE && d.strength() != Strength.SHARE;
    }

    /** The claim locks the incremental import, the one row a committed claim updates: that triggers EvalPlanQual. */
    private static boolean reChecksUpdatedRow(Dimensions d) {
        return d.join() == Join.INNER && d.lock().locks(Table.INCREMENTAL);
    }

    private static String why(Dimensions d) {
        if (refused(d)) {
            return "The locking clause covers the incremental import, which is on the nullable side of the LEFT JOIN: "
                    + "PostgreSQL cannot lock a row that may not exist, and refuses the query.";
        }
        StringBuilder b = new StringBuilder();
        if (d.lock().kind() == Lock.Kind.NONE) {
            b.append("Nothing is locked: every claim whose snapshot shows an account as eligible returns it, however many run at once.");
        } else if (d.strength() == Strength.SHARE) {
            b.append("FOR SHARE locks do not conflict with each other, so two claims can hold the same account at once.");
        } else {
            b.append("The claim locks ").append(lockedRows(d)).append(".");
        }
        if (d.isolation() != Isolation.READ_COMMITTED) {
            b.append(" Under ").append(d.isolation().sql()).append(" the whole transaction reads the claim's snapshot: a claim that ")
                    .append("overlaps a committed claim of the same account cannot write the incremental import the other ")
                    .append("wrote after that snapshot, so it fails and rolls back instead of committing a duplicate: 40001 on an ")
                    .append("UPDATE, an upsert or a lock on a row updated since the snapshot; on a plain INSERT of an import the ")
                    .append(d.isolation() == Isolation.SERIALIZABLE
                            ? "other inserted, also 40001 (SERIALIZABLE reports a unique violation against a row its snapshot cannot see as a serialization failure)."
                            : "other inserted, 23505 (unique violation).");
            appendShareDeadlock(b, d);
            return b.toString();
        }
        if (exclusive(d) && d.recheck()) {
            b.append(" Under READ COMMITTED the claim can still return an account that another worker claimed after this ")
                    .append("claim's snapshot, but the re-check is a new statement with a new snapshot, taken after the lock ")
                    .append("was granted: it sees the other claim's 'pending' and drops the account.");
        } else if (exclusive(d) && reChecksUpdatedRow(d)) {
            b.append(" When the claim reaches an incremental import that a committed claim updated to 'pending', ")
                    .append("PostgreSQL re-checks the newest versions of the locked rows (EvalPlanQual) and drops the account.");
        } else {
            b.append(" Under READ COMMITTED the claim's snapshot decides eligibility");
            if (exclusive(d)) {
                b.append(", and the rows it locks were only locked by a committed claim, never updated, so a claim whose ")
                        .append("snapshot predates that commit locks them with no re-check (no EvalPlanQual)");
            }
            b.append(": it still sees the incremental import as completed or absent and returns the account again.");
            if (exclusive(d) && d.waitPolicy() == Wait.WAIT) {
                b.append(" Waiting instead of skipping makes this likelier: the waiter gets the row just as the other commits.");
            }
            if (d.recheck()) {
                b.append(" The re-check does not help: nothing stops both claims from re-checking before either commits.");
            }
            appendShareDeadlock(b, d);
            if (d.join() == Join.LEFT && d.write() == WritePath.UPDATE_INSERT) {
                b.append(" Where the other claim had to insert the incremental import, this claim's INSERT fails with 23505 ")
                        .append("(an abort, not a duplicate); its UPDATE of an existing import succeeds.");
            }
        }
        return b.toString();
    }

    /** FOR SHARE on the row both claims then UPDATE: each waits for the other's share lock. */
    private static void appendShareDeadlock(StringBuilder b, Dimensions d) {
        if (d.strength() == Strength.SHARE && reChecksUpdatedRow(d)) {
            b.append(" Here both claims share-lock the incremental import they then both UPDATE: each waits for the ")
                    .append("other's share lock, a deadlock (40P01) that PostgreSQL breaks only after deadlock_timeout, over and over.");
        }
    }

    private static String lockedRows(Dimensions d) {
        Set<Table> tables = d.lock().kind() == Lock.Kind.ALL ? EnumSet.allOf(Table.class) : d.lock().tables();
        if (d.join() == Join.LEFT) {
            tables = tables.stream().filter(t -> t != Table.INCREMENTAL).collect(Collectors.toSet());
        }
        String names = tables.stream().sorted().map(t -> switch (t) {
            case ACCOUNTS -> "the account";
            case INITIAL -> "its initial import";
            case INCREMENTAL -> "its incremental import";
        }).collect(Collectors.joining(", "));
        return names + " (" + d.strength().sql + (d.waitPolicy() == Wait.SKIP ? ", skipping locked rows" : ", waiting for locked rows") + ")";
    }

    private static String measured(Verdict verdict, Oracle.Tally t, VariantRun run) {
        int rounds = run.rounds().size();
        String under = run.statistics() == null ? "" : " under " + run.statistics().code + " statistics";
        return switch (verdict) {
            case REJECTED -> "Measured: PostgreSQL refused it with " + run.rejectionSqlState() + ": " + run.rejection() + ".";
            case TIMEOUT -> "Measured: " + (run.timeoutCause() == null ? "a round did not finish before its deadline" : run.timeoutCause())
                    + " (" + t.committedClaims() + " claim(s) committed until then" + aborts(t) + ").";
            case DUPLICATES -> "Measured" + under + ": " + t.committedDuplicates() + " item(s) claimed by two committed transactions in "
                    + rounds + " round(s)" + aborts(t) + also(t, verdict) + ".";
            case GROUP_DUPLICATES -> "Measured" + under + ": " + t.groupDuplicates() + " time(s) two items of one exclusive group "
                    + "were claimed by committed transactions in " + rounds + " round(s)" + aborts(t) + also(t, verdict) + ".";
            case OVERCLAIM -> "Measured" + under + ": " + t.overclaims() + " claim statement(s) returned more rows than the batch of "
                    + run.batch() + " (the largest " + t.largestClaim() + ") in " + rounds + " round(s)" + aborts(t) + also(t, verdict) + ".";
            case INCOMPLETE -> "Measured" + under + ": " + incomplete(t) + " in " + rounds + " round(s)" + aborts(t) + ".";
            case ABORTS -> "Measured" + under + ": no committed duplicate in " + rounds + " round(s)" + aborts(t) + dropped(t) + ".";
            case SAFE -> "Measured" + under + ": every claimable item claimed exactly once in each of " + rounds + " round(s), no aborts"
                    + (t.leaseRedeliveries() > 0 ? "; " + t.leaseRedeliveries() + " item(s) redelivered after their lease passed, by design" : "")
                    + dropped(t) + ".";
        };
    }

    /** Claims that found work and kept none: not a violation, but a worker told "nothing" while work was there. */
    private static String dropped(Oracle.Tally t) {
        return t.droppedClaims() == 0 ? "" : "; " + t.droppedClaims() + " claim(s) found rows but kept none (a re-check or a lost "
                + "race dropped them): the worker stops, or must poll again, while its claim statement saw work";
    }

    /** The INCOMPLETE counts in words: what was left, who found nothing while items waited, what was wrongly taken. */
    private static String incomplete(Oracle.Tally t) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (t.silentMisses() > 0) {
            parts.add(t.silentMisses() + " time(s) a worker found nothing while items were still claimable and held by no claim "
                    + "(a silent miss: the worker stops or sleeps while work waits)");
        }
        if (t.missedItems() > 0) {
            parts.add(t.missedItems() + " item(s) still claimable when every worker had stopped");
        }
        if (t.ineligibleClaims() > 0) {
            parts.add(t.ineligibleClaims() + " item(s) claimed that were not claimable");
        }
        return String.join("; ", parts);
    }

    /** Lower-precedence violations seen beside the verdict's own. */
    private static String also(Oracle.Tally t, Verdict verdict) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (verdict.ordinal() < Verdict.GROUP_DUPLICATES.ordinal() && t.groupDuplicates() > 0) {
            parts.add(t.groupDuplicates() + " group duplicate(s)");
        }
        if (verdict.ordinal() < Verdict.OVERCLAIM.ordinal() && t.overclaims() > 0) {
            parts.add(t.overclaims() + " over-claiming statement(s) (largest " + t.largestClaim() + " rows)");
        }
        if (t.silentMisses() > 0) {
            parts.add(t.silentMisses() + " silent miss(es)");
        }
        return parts.isEmpty() ? "" : "; also " + String.join(", ", parts);
    }

    private static String aborts(Oracle.Tally t) {
        if (t.abortedClaims() == 0) {
            return "";
        }
        return "; " + t.abortedClaims() + " claim transaction(s) aborted ("
                + t.abortsBySqlState().entrySet().stream().map(Reasons::sqlStateCount).collect(Collectors.joining(", ")) + ")";
    }

    private static String sqlStateCount(Map.Entry<String, Integer> e) {
        return e.getKey() + " " + Failures.describe(e.getKey()) + " x" + e.getValue();
    }
}

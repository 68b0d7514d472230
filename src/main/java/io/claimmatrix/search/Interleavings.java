package io.claimmatrix.search;

import io.claimmatrix.schedule.Action;
import io.claimmatrix.schedule.Schedule;
import io.claimmatrix.schedule.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The interleavings of k sessions running one {@link Program}, as schedules, shortest first, each trace of equivalent
 * interleavings once.
 *
 * <p>A session's events are its statements (each claim statement, each write statement) and its end (commit, or
 * rollback as the alternative ending). Its BEGIN is placed just before its first step: under every isolation level a
 * transaction's snapshot is taken by its first statement, not by BEGIN, so where BEGIN goes changes nothing. A statement
 * may also take its snapshot early and pause at the gate ({@code claim(pause)} ... {@code resume}): only the ends of
 * other sessions between its snapshot and its execution change what it sees (its snapshot holds committed transactions
 * only), so a pause is generated only across another session's end, and ends once per distinct set of ends crossed.
 *
 * <p>What is left out, and why it cannot differ (the count of each is reported as "pruned"):
 * <ul>
 *   <li>relabelled sessions: every session runs the same program, so only interleavings whose sessions start in the
 *       order s1, s2, ... are run;</li>
 *   <li>two adjacent ends of different sessions in the other order (two sessions only: neither waits for anything
 *       after its own end);</li>
 *   <li>a rollback of every session: nothing is committed, so no invariant about committed claims can fail, and the
 *       rows are as they were.</li>
 * </ul>
 * Shortest first: fewer sessions, then fewer pauses, then commits before rollbacks.
 */
public final class Interleavings {

    /** One event of a session, in an interleaving. */
    private record Event(int session, int index, boolean end) {
    }

    /** How many interleavings were generated and how many left out as equivalent. */
    public static final class Counts {
        long generated;
        long pruned;

        public long generated() {
            return generated;
        }

        public long pruned() {
            return pruned;
        }
    }

    private Interleavings() {
    }

    /**
     * Every schedule of {@code sessions} sessions (1 to {@code sessions}) with at most {@code pauses} pauses, shortest
     * first, handed to {@code visitor} until it returns false.
     *
     * @return the counts (generated includes the one the visitor stopped at)
     */
    public static Counts enumerate(Program program, int sessions, int pauses, Predicate<Schedule> visitor) {
        Counts counts = new Counts();
        for (int k = 1; k <= sessions; k++) {
            for (int p = 0; p <= pauses; p++) {
                for (boolean[] rollbacks : endings(k)) {
                    List<List<Event>> interleavings = new ArrayList<>();
                    interleave(program, k, new int[k + 1], new ArrayList<>(), interleavings, counts);
                    for (List<Event> events : interleavings) {
                        for (Schedule s : withPauses(program, k, events, rollbacks, p, counts)) {
                            counts.generated++;
                            if (!visitor.test(s)) {
                                return counts;
                            }
                        }
                    }
                }
            }
        }
        return counts;
    }

    /** Endings, all commits first, then one session rolling back (more add nothing a committed claim could break). */
    private static List<boolean[]> endings(int k) {
        List<boolean[]> out = new ArrayList<>();
        out.add(new boolean[k + 1]);
        for (int s = 1; s <= k; s++) {
            boolean[] r = new boolean[k + 1];
            r[s] = true;
            out.add(r);
        }
        return out;
    }

    /** Every interleaving of the sessions' events in canonical form: sessions start in order, adjacent ends ordered. */
    private static void interleave(Program program, int k, int[] next, List<Event> prefix, List<List<Event>> out, Counts counts) {
        boolean any = false;
        for (int s = 1; s <= k; s++) {
            if (next[s] > program.statements()) {
                continue; // ended
            }
            any = true;
            if (next[s] == 0 && s > 1 && next[s - 1] == 0) {
                counts.pruned++; // s would start before s-1: a relabelling of one where it does not
                continue;
            }
            Event e = new Event(s, next[s], next[s] == program.statements());
            if (k == 2 && e.end && !prefix.isEmpty()) {
                Event last = prefix.get(prefix.size() - 1);
                if (last.end && last.session > s) {
                    counts.pruned++; // two adjacent ends: the other order is the same trace
                    continue;
                }
            }
            prefix.add(e);
            next[s]++;
            interleave(program, k, next, prefix, out, counts);
            next[s]--;
            prefix.remove(prefix.size() - 1);
        }
        if (!any) {
            out.add(List.copyOf(prefix));
        }
    }

    /**
     * The schedules of one interleaving with exactly {@code pauses} statements taking their snapshot early, each before
     * a different set of other sessions' ends.
     */
    private static List<Schedule> withPauses(Program program, int k, List<Event> events, boolean[] rollbacks, int pauses,
                                             Counts counts) {
        // For each statement: the positions it may take its snapshot at (just before an end of another session that
        // lies between its own previous event and itself), latest first.
        List<int[]> choices = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.end) {
                choices.add(new int[0]);
                continue;
            }
            int previous = -1;
            for (int j = i - 1; j >= 0; j--) {
                if (events.get(j).session == e.session) {
                    previous = j;
                    break;
                }
            }
            List<Integer> points = new ArrayList<>();
            for (int j = i - 1; j > previous; j--) {
                if (events.get(j).end && events.get(j).session != e.session) {
                    points.add(j);
                }
            }
            choices.add(points.stream().mapToInt(Integer::intValue).toArray());
        }
        List<Schedule> out = new ArrayList<>();
        pick(program, k, events, rollbacks, choices, 0, pauses, new int[events.size()], out);
        return out;
    }

    /** Picks a snapshot point (or none: -1... stored as point+1, 0 = no pause) for each statement, exactly {@code left} pauses. */
    private static void pick(Program program, int k, List<Event> events, boolean[] rollbacks, List<int[]> choices, int i, int left,
                             int[] chosen, List<Schedule> out) {
        if (i == events.size()) {
            if (left == 0) {
                out.add(schedule(program, k, events, rollbacks, chosen));
            }
            return;
        }
        chosen[i] = 0;
        pick(program, k, events, rollbacks, choices, i + 1, left, chosen, out);
        if (left > 0) {
            for (int point : choices.get(i)) {
                chosen[i] = point + 1;
                pick(program, k, events, rollbacks, choices, i + 1, left - 1, chosen, out);
            }
            chosen[i] = 0;
        }
    }

    /** The permutation: BEGIN before each session's first step, pauses before the end they precede, then each event. */
    private static Schedule schedule(Program program, int k, List<Event> events, boolean[] rollbacks, int[] chosen) {
        List<Step> steps = new ArrayList<>();
        boolean[] begun = new boolean[k + 1];
        for (int i = 0; i < events.size(); i++) {
            // Statements that take their snapshot here (before this event) pause first.
            for (int j = i + 1; j < events.size(); j++) {
                if (chosen[j] - 1 == i) {
                    Event paused = events.get(j);
                    begin(steps, begun, paused.session);
                    steps.add(statementStep(program, paused, true));
                }
            }
            Event e = events.get(i);
            begin(steps, begun, e.session);
            if (e.end) {
                steps.add(Step.of(e.session, rollbacks[e.session] ? Action.ROLLBACK : Action.COMMIT));
            } else if (chosen[i] > 0) {
                steps.add(Step.of(e.session, Action.RESUME));
            } else {
                steps.add(statementStep(program, e, false));
            }
        }
        return new Schedule("search", "", steps);
    }

    private static void begin(List<Step> steps, boolean[] begun, int session) {
        if (!begun[session]) {
            begun[session] = true;
            steps.add(Step.of(session, Action.BEGIN));
        }
    }

    /** A claim or write statement: the whole phase when it has one statement, else the statement by number. */
    private static Step statementStep(Program program, Event e, boolean pause) {
        boolean claim = e.index < program.claimStatements();
        int k = claim ? e.index + 1 : e.index - program.claimStatements() + 1;
        int of = claim ? program.claimStatements() : program.writeStatements();
        return new Step(e.session, claim ? Action.CLAIM : Action.WRITE, of == 1 ? 0 : k, pause);
    }
}

package io.claimmatrix.schedule;

import io.claimmatrix.BadInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A named interleaving of claim transactions, in the manner of a PostgreSQL isolation-tester permutation:
 * sessions {@code s1, s2, ...}, each step one action of one session, in the order the scheduler starts them.
 * A step that blocks (on a row lock, or paused at the gate) is left waiting and the next step starts, as in
 * isolation-tester output ({@code <waiting ...>}, then {@code <... completed>}).
 *
 * <p>Write one as text, e.g. {@code s1begin s2begin s2claim(pause) s1claim s1write s1commit s2resume s2write s2commit},
 * or with {@link #builder(String)}. Each session's steps must make sense on their own: begin, then claims and
 * writes, then commit or rollback; a paused claim is resumed before its session does anything else. A claim or write
 * runs whole ({@code s1claim}) or statement by statement ({@code s1claim.1 s1claim.2}, see {@link Step}).
 *
 * @param story one paragraph, like an isolation spec's comment: what happens and why; may be empty
 */
public record Schedule(String name, String story, List<Step> steps) {

    private static final Pattern TOKEN = Pattern.compile("s(\\d+)(begin|claim|write|commit|rollback|resume)(?:\\.(\\d+))?(\\(pause\\))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");

    public Schedule {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadInputException("a schedule name is letters, digits and . _ + -, got '" + name + "'");
        }
        story = story == null ? "" : story.strip();
        steps = List.copyOf(steps);
        validate(name, steps);
    }

    /**
     * Parses a permutation: steps separated by spaces or commas, each {@code s<N><action>} with action one of
     * begin, claim, write, commit, rollback, resume; {@code s<N>claim.<k>} (and {@code write.<k>}) runs the k-th
     * statement only; {@code (pause)} after a claim or write pauses it at the gate. A leading {@code name:} overrides
     * {@code name}.
     */
    public static Schedule parse(String name, String story, String permutation) {
        String text = permutation == null ? "" : permutation.strip();
        int colon = text.indexOf(':');
        if (colon > 0 && NAME.matcher(text.substring(0, colon).strip()).matches()) {
            name = text.substring(0, colon).strip();
            text = text.substring(colon + 1);
        }
        List<Step> steps = new ArrayList<>();
        for (String token : text.split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            Matcher m = TOKEN.matcher(token.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new BadInputException("schedule " + name + ": '" + token + "' is not a step (s<N> followed by begin, claim, "
                        + "write, commit, rollback or resume; claim.<k> or write.<k> for one statement; (pause) after a claim or "
                        + "write, e.g. s2claim(pause), s2claim.2)");
            }
            Action action = Action.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            int session;
            try {
                session = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                throw new BadInputException("schedule " + name + ": session number too large in '" + token + "'");
            }
            if (session < 1) {
                throw new BadInputException("schedule " + name + ": sessions are numbered from 1, got '" + token + "'");
            }
            int statement = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            boolean pause = m.group(4) != null;
            if ((statement > 0 || pause) && action != Action.CLAIM && action != Action.WRITE) {
                throw new BadInputException("schedule " + name + ": '" + token + "': only a claim or a write "
                        + (pause ? "can pause" : "runs statement by statement"));
            }
            if (m.group(3) != null && statement < 1) {
                throw new BadInputException("schedule " + name + ": '" + token + "': statements are numbered from 1");
            }
            steps.add(new Step(session, action, statement, pause));
        }
        return new Schedule(name, story, steps);
    }

    /** {@code Schedule.builder("mine").begin(1).begin(2).claim(1).claim(2).write(1).commit(1).write(2).commit(2).build()}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** How many sessions it uses ({@code s1} to {@code sN}). */
    public int sessions() {
        return steps.stream().mapToInt(Step::session).max().orElse(0);
    }

    /** The permutation as text, e.g. {@code s1begin s2begin s2claim(pause) ...}; {@link #parse} reads it back. */
    public String permutation() {
        return steps.stream().map(Step::token).collect(Collectors.joining(" "));
    }

    private static void validate(String name, List<Step> steps) {
        if (steps.isEmpty()) {
            throw new BadInputException("schedule " + name + " has no steps");
        }
        int sessions = steps.stream().mapToInt(Step::session).max().orElseThrow();
        for (int s = 1; s <= sessions; s++) {
            int session = s;
            if (steps.stream().noneMatch(st -> st.session() == session)) {
                throw new BadInputException("schedule " + name + ": sessions must be s1 to s" + sessions + " without gaps, s" + s + " has no step");
            }
        }
        enum State { IDLE, OPEN, CLAIMED, PAUSED }
        Map<Integer, State> state = new HashMap<>();
        // Per session: the last statement-by-statement step of the phase in progress (e.g. 2 after s1claim.2).
        Map<Integer, String> lastPart = new HashMap<>();
        for (Step step : steps) {
            State now = state.getOrDefault(step.session(), State.IDLE);
            String problem = switch (step.action()) {
                case BEGIN -> now == State.IDLE ? null : "begins a transaction while one is open";
                case CLAIM -> now == State.OPEN || now == State.CLAIMED ? null
                        : now == State.PAUSED ? "has a paused claim: resume it first" : "claims outside a transaction (begin first)";
                case WRITE -> now == State.CLAIMED ? null
                        : now == State.PAUSED ? "has a paused claim: resume it first" : "writes before it claims";
                case COMMIT, ROLLBACK -> now == State.OPEN || now == State.CLAIMED ? null
                        : now == State.PAUSED ? "has a paused claim: resume it first" : "ends a transaction it has not begun";
                case RESUME -> now == State.PAUSED ? null : "resumes, but it has no paused claim";
            };
            if (problem == null && step.statement() > 0) {
                String previous = lastPart.get(step.session());
                String expected = step.statement() == 1 ? null : step.action().word() + "." + (step.statement() - 1);
                if (!java.util.Objects.equals(previous == null || !previous.startsWith(step.action().word()) ? null : previous, expected)) {
                    problem = "runs " + step.action().word() + " statement " + step.statement() + " before statement "
                            + (step.statement() - 1) + " (number a phase's statements 1, 2, ... in order)";
                }
            }
            if (problem != null) {
                throw new BadInputException("schedule " + name + ": at " + step.token() + ", " + step.sessionName() + " " + problem);
            }
            if (step.statement() > 0) {
                lastPart.put(step.session(), step.action().word() + "." + step.statement());
            } else if (step.action() != Action.RESUME) {
                lastPart.remove(step.session());
            }
            state.put(step.session(), switch (step.action()) {
                case BEGIN -> State.OPEN;
                case CLAIM, WRITE -> step.pause() ? State.PAUSED : State.CLAIMED;
                case RESUME -> State.CLAIMED;
                case COMMIT, ROLLBACK -> State.IDLE;
            });
        }
        state.forEach((session, last) -> {
            if (last != State.IDLE) {
                throw new BadInputException("schedule " + name + ": s" + session + " must end with commit or rollback");
            }
        });
    }

    @Override
    public String toString() {
        return name + ": " + permutation();
    }

    /** Builds a schedule step by step; sessions are numbers (1 for s1). */
    public static final class Builder {
        private final String name;
        private String story = "";
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder story(String story) {
            this.story = story;
            return this;
        }

        public Builder begin(int session) {
            return add(Step.of(session, Action.BEGIN));
        }

        public Builder claim(int session) {
            return add(Step.of(session, Action.CLAIM));
        }

        /** The claim takes its snapshot, then waits at the gate until {@link #resume(int)}. */
        public Builder claimAndPause(int session) {
            return add(new Step(session, Action.CLAIM, true));
        }

        /** The claim's {@code k}-th statement only. */
        public Builder claimStatement(int session, int k) {
            return add(new Step(session, Action.CLAIM, k, false));
        }

        public Builder resume(int session) {
            return add(Step.of(session, Action.RESUME));
        }

        public Builder write(int session) {
            return add(Step.of(session, Action.WRITE));
        }

        public Builder commit(int session) {
            return add(Step.of(session, Action.COMMIT));
        }

        public Builder rollback(int session) {
            return add(Step.of(session, Action.ROLLBACK));
        }

        public Builder add(Step step) {
            steps.add(step);
            return this;
        }

        public Schedule build() {
            return new Schedule(name, story, steps);
        }
    }
}

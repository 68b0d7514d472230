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
 * writes, then commit or rollback; a paused claim is resumed before its session does anything else.
 *
 * @param story one paragraph, like an isolation spec's comment: what happens and why; may be empty
 */
public record Schedule(String name, String story, List<Step> steps) {

    private static final Pattern TOKEN = Pattern.compile("s(\\d+)(begin|claim|write|commit|rollback|resume)(\\(pause\\))?");
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
     * begin, claim, write, commit, rollback, resume; {@code s<N>claim(pause)} pauses that claim at the gate.
     * A leading {@code name:} overrides {@code name}.
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
                        + "claim(pause), write, commit, rollback or resume, e.g. s2claim(pause))");
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
            steps.add(new Step(session, action, m.group(3) != null));
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
            if (problem != null) {
                throw new BadInputException("schedule " + name + ": at " + step.token() + ", " + step.sessionName() + " " + problem);
            }
            state.put(step.session(), switch (step.action()) {
                case BEGIN -> State.OPEN;
                case CLAIM -> step.pause() ? State.PAUSED : State.CLAIMED;
                case RESUME, WRITE -> State.CLAIMED;
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

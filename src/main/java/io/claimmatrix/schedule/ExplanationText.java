package io.claimmatrix.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders an {@link Explanation} as text: the variant, its SQL and plan, each schedule as an isolation-tester
 * style timeline, and the verdict with its reason. On the later fixtures, a schedule whose outcome matches the
 * first fixture's is summed up in one line; one that differs gets its full timeline.
 */
public final class ExplanationText {

    private ExplanationText() {
    }

    public static String render(Explanation e) {
        StringBuilder b = new StringBuilder();
        b.append("variant: ").append(e.variant());
        if (!e.aliases().isEmpty()) {
            b.append(" (").append(String.join(", ", e.aliases())).append(')');
        }
        b.append('\n');
        b.append("  ").append(e.description()).append('\n');
        b.append("  isolation: ").append(e.isolation()).append("\n\n");

        b.append("claim query:\n");
        indent(b, e.sql().lines().toList());
        String firstFixture = e.results().isEmpty() ? "" : e.results().get(0).fixture();
        // The schedules' fixture is small (the search's): say how small, as the soak's larger one may plan otherwise.
        int claimable = e.results().isEmpty() ? 0 : e.results().get(0).eligibleAtStart().size();
        b.append('\n').append("plan (EXPLAIN (VERBOSE, COSTS OFF), fixture ").append(firstFixture)
                .append(e.results().isEmpty() ? "" : ", " + claimable + " item(s) claimable at the start").append("):\n");
        indent(b, e.plan());

        List<ScheduleResult> first = e.results().stream().filter(r -> r.fixture().equals(firstFixture)).toList();
        for (ScheduleResult r : first) {
            b.append('\n').append(TimelineText.render(r));
        }
        List<String> same = new ArrayList<>();
        for (ScheduleResult r : e.results()) {
            if (r.fixture().equals(firstFixture)) {
                continue;
            }
            ScheduleResult before = first.stream().filter(f -> f.schedule().equals(r.schedule())).findFirst().orElse(null);
            if (before != null && before.outcome() == r.outcome() && Objects.equals(failures(before), failures(r))) {
                same.add(r.schedule() + " on " + r.fixture() + ": " + r.outcome().label() + " (as on " + firstFixture + ")");
            } else {
                b.append('\n').append(TimelineText.render(r, before == null));
            }
        }
        if (!same.isEmpty()) {
            b.append('\n');
            same.forEach(line -> b.append(line).append('\n'));
        }

        b.append('\n').append("verdict: ").append(e.verdict() == null ? "(none recorded)" : e.verdict() + " (measured by the soak)").append('\n');
        if (!e.why().isBlank()) {
            for (String line : TimelineText.wrap("why: " + e.why(), 98)) {
                b.append("  ").append(line).append('\n');
            }
        }
        for (String line : TimelineText.wrap("schedules: " + e.conclusion(), 98)) {
            b.append("  ").append(line).append('\n');
        }
        return b.toString();
    }

    private static List<String> failures(ScheduleResult r) {
        return r.steps().stream().filter(StepRecord::failed).map(s -> s.name() + " " + s.sqlState()).toList();
    }

    private static void indent(StringBuilder b, List<String> lines) {
        lines.forEach(line -> b.append("  ").append(line).append('\n'));
    }
}

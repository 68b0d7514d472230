package io.claimmatrix.schedule;

/**
 * One line of a timeline, in the order things happened: a step that ran to completion at once, a step that
 * started and blocked, or a blocked step completing later (isolation-tester style: {@code <waiting ...>} then
 * {@code <... completed>}).
 *
 * @param step index into {@link ScheduleResult#steps()}
 */
public record TimelineEntry(int step, Kind kind) {

    public enum Kind {
        /** Started and completed before the next step started. */
        RAN,
        /** Started and blocked; the next step started while it waited. */
        WAITING,
        /** A step that had been waiting completed here. */
        COMPLETED
    }
}

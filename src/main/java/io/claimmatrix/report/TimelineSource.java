package io.claimmatrix.report;

import io.claimmatrix.run.VariantResult;

import java.util.List;

/**
 * The timeline hook of the HTML report: when a variant's result carries a timeline (who claimed what, when, how it
 * ended), the report draws it in that variant's details, one lane per worker. Until {@link VariantResult} carries one,
 * {@link #NONE} is used and the details show no timeline. To wire one in, pass a source to
 * {@link HtmlReport#render(io.claimmatrix.run.MatrixRunner.MatrixResult, TimelineSource)}, e.g.
 * {@code v -> v.timeline()}.
 */
@FunctionalInterface
public interface TimelineSource {

    TimelineSource NONE = v -> List.of();

    /** The variant's events; empty when there is none to draw. */
    List<Event> timeline(VariantResult variant);

    /**
     * One bar on the timeline.
     *
     * @param lane        the row it is drawn in, e.g. {@code worker 3}
     * @param label       what it was, e.g. {@code w3#17 claims acct-00042}
     * @param startMillis since the start of the timeline
     * @param endMillis   since the start of the timeline
     * @param outcome     {@code committed}, {@code aborted} or {@code duplicate} (colours the bar)
     */
    record Event(String lane, String label, double startMillis, double endMillis, String outcome) {
    }
}

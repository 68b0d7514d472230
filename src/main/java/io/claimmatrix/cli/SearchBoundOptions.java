package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.search.InterleavingSearch;
import picocli.CommandLine.Option;

/** The interleaving search's bound, as {@code search} and {@code matrix} take it. */
final class SearchBoundOptions {

    @Option(names = "--sessions", paramLabel = "K", description = "The search interleaves 1 to K sessions (default: ${DEFAULT-VALUE}).")
    int sessions = InterleavingSearch.Bound.DEFAULT.sessions();

    @Option(names = "--pauses", paramLabel = "P",
            description = "At most P statements per interleaving take their snapshot early and pause (default: ${DEFAULT-VALUE}).")
    int pauses = InterleavingSearch.Bound.DEFAULT.pauses();

    @Option(names = "--budget", paramLabel = "N",
            description = "Play at most N interleavings per fixture; the result says when this cut the search short (default: ${DEFAULT-VALUE}).")
    int budget = InterleavingSearch.Bound.DEFAULT.budget();

    @Option(names = "--search-deadline", paramLabel = "DURATION",
            description = "Search at most this long per variant and condition; likewise (default: ${DEFAULT-VALUE}).")
    String deadline = Timeouts.format(InterleavingSearch.Bound.DEFAULT.deadline());

    /**
     * The bound these options give.
     *
     * @throws BadInputException when --sessions or --budget is below 1, --pauses below 0, or --search-deadline unreadable
     */
    InterleavingSearch.Bound bound() {
        if (sessions < 1 || pauses < 0 || budget < 1) {
            throw new BadInputException("--sessions and --budget must be at least 1, --pauses at least 0");
        }
        return new InterleavingSearch.Bound(sessions, pauses, budget, TimeLimits.parse("--search-deadline", deadline));
    }
}

package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.run.Timeouts;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The time limits of a run, as options: every worker session and every run is bounded (see {@link Timeouts});
 * the round deadline is {@code --round-deadline} of the matrix command.
 */
final class TimeLimits {

    @Option(names = "--statement-timeout", paramLabel = "DURATION",
            description = "statement_timeout of every worker session (default: ${DEFAULT-VALUE}).")
    String statement = Timeouts.format(Timeouts.DEFAULTS.statement());

    @Option(names = "--lock-timeout", paramLabel = "DURATION",
            description = "lock_timeout of every worker session (default: ${DEFAULT-VALUE}).")
    String lock = Timeouts.format(Timeouts.DEFAULTS.lock());

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
            description = "idle_in_transaction_session_timeout of every worker session (default: ${DEFAULT-VALUE}).")
    String idle = Timeouts.format(Timeouts.DEFAULTS.idleInTransaction());

    @Option(names = "--connect-timeout", paramLabel = "DURATION",
            description = "How long the server may take to answer a connection (default: ${DEFAULT-VALUE}).")
    String connect = Timeouts.format(Timeouts.DEFAULTS.connect());

    @Option(names = "--variant-deadline", paramLabel = "DURATION",
            description = "All rounds of one variant together (default: ${DEFAULT-VALUE}).")
    String variant = Timeouts.format(Timeouts.DEFAULTS.variant());

    @Option(names = "--deadline", paramLabel = "DURATION",
            description = "The whole run; variants not done by then are TIMEOUT (default: ${DEFAULT-VALUE}).")
    String run = Timeouts.format(Timeouts.DEFAULTS.run());

    Timeouts timeouts() {
        return new Timeouts(parse("--statement-timeout", statement), parse("--lock-timeout", lock),
                parse("--idle-timeout", idle), parse("--connect-timeout", connect), parse("--variant-deadline", variant),
                parse("--deadline", run));
    }

    static Duration parse(String option, String value) {
        Duration d;
        try {
            d = Timeouts.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
        if (d.isZero()) {
            throw new BadInputException(option + " must be more than 0 (nothing may wait forever)");
        }
        return d;
    }
}

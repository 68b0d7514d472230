package io.claimmatrix.bench;

import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.model.ModelSchema;
import io.claimmatrix.schema.Fixture;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's own race test as a user has it today: {@code bench/seed-race.sh} runs rounds of 20 pgbench clients,
 * one transaction each, on the seed's three accounts, resetting them between rounds, and counts the committed
 * duplicates of each round. Run in a schema of the kit's (the changelog's tables), dropped afterwards.
 */
public final class SeedRaceAnchor {

    /** One round as the driver printed it. {@code millis} is the whole round (reset and count included). */
    public record Round(int index, int committed, int duplicates, int aborted, long millis, long pgbenchMillis) {
    }

    public record Result(int clients, List<Round> rounds, String command) {

        /** Fraction of rounds with at least one account claimed by two committed transactions. */
        public double duplicateRate() {
            return rounds.stream().filter(r -> r.duplicates() > 0).count() / (double) rounds.size();
        }

        public Stats millisPerRound() {
            return Stats.of(rounds.stream().map(Round::millis).toList());
        }

        public Stats pgbenchMillisPerRound() {
            return Stats.of(rounds.stream().map(Round::pgbenchMillis).toList());
        }

        public long abortedClaims() {
            return rounds.stream().mapToLong(Round::aborted).sum();
        }

        /** Mean seconds per round: expected time to a duplicate is this over {@link #duplicateRate()}. */
        public double meanSecondsPerRound() {
            return rounds.stream().mapToLong(Round::millis).average().orElse(0) / 1000;
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "round=(\\d+) committed=(\\d+) duplicates=(\\d+) aborted=(\\d+) ms=(\\d+) pgbench_ms=(\\d+)");

    private SeedRaceAnchor() {
    }

    public static Result run(DatabaseTarget target, Pgbench.Connector pgbench, Path anchors, int rounds, int clients,
                             Consumer<String> progress) throws SQLException, IOException, InterruptedException {
        try (ModelSchema schema = ModelSchema.seed(target.jdbcUrl(), target.user(), target.password(), Fixture.seed())) {
            Pgbench pg = pgbench.connect(schema.schema().name());
            progress.accept("seed race (pgbench): " + rounds + " rounds of " + clients + " clients ...");
            Pgbench.Result r = pg.run(List.of(anchors.resolve("seed-race.sh").toString(), String.valueOf(rounds),
                    String.valueOf(clients)), anchors, 3600);
            if (r.exitCode() != 0) {
                throw new IllegalStateException("bench/seed-race.sh failed (exit " + r.exitCode() + "): " + r.output().strip());
            }
            List<Round> parsed = parse(r.output());
            if (parsed.size() != rounds) {
                throw new IllegalStateException("bench/seed-race.sh printed " + parsed.size() + " of " + rounds + " rounds:\n" + r.output());
            }
            return new Result(clients, parsed, "PGOPTIONS='-c search_path=<schema>' bench/seed-race.sh " + rounds + " " + clients);
        }
    }

    static List<Round> parse(String output) {
        List<Round> rounds = new ArrayList<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) {
            rounds.add(new Round(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6))));
        }
        return rounds;
    }
}

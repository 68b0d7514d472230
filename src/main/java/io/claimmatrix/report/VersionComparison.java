package io.claimmatrix.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmatrix.model.Statistics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lines up the verdicts of several JSON reports (e.g. one per PostgreSQL version) and names the results whose verdict
 * differs between them. A result is a variant under a statistics condition: a report's entry measured once for both
 * ({@code "statistics": "fresh, stale"}) stands for each, and an entry without {@code statistics} (a report made
 * before statistics were a run condition) for fresh. A variant whose verdicts agree condition by condition is shown
 * once, e.g. {@code seed [fresh, stale]}.
 *
 * <p>A difference is a finding to read, not necessarily a change in PostgreSQL: a race that a run hits in one server
 * and misses in another also differs (SAFE against DUPLICATES).
 */
public final class VersionComparison {

    /**
     * One report: which server it measured, under what settings, and each result's verdict.
     *
     * @param verdicts {@code name [condition]} (e.g. {@code seed [fresh]}) to verdict
     */
    public record Run(String label, String postgresVersion, String mode, String settings, Map<String, String> verdicts) {
        public String title() {
            return "PostgreSQL " + postgresVersion + " (" + mode + ")";
        }
    }

    /**
     * A result whose verdict is not the same in every run that measured it; {@code null} where a run lacks it.
     *
     * @param variant the variant and its condition(s), e.g. {@code jobs.in-subquery.rc [stale]}
     */
    public record Difference(String variant, List<String> verdicts) {
    }

    private final List<Run> runs;
    private final List<Difference> differences = new ArrayList<>();
    private final Set<String> agreeing = new LinkedHashSet<>();

    public VersionComparison(List<Run> runs) {
        this.runs = List.copyOf(runs);
        // name -> condition -> the verdict in each run
        Map<String, Map<Statistics, List<String>>> byName = new TreeMap<>();
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.verdicts().keySet()));
        for (String key : keys) {
            int open = key.lastIndexOf(" [");
            String name = open < 0 ? key : key.substring(0, open);
            Statistics condition = open < 0 ? Statistics.FRESH
                    : Statistics.valueOf(key.substring(open + 2, key.length() - 1).toUpperCase(java.util.Locale.ROOT));
            byName.computeIfAbsent(name, n -> new EnumMap<>(Statistics.class))
                    .put(condition, runs.stream().map(r -> r.verdicts().get(key)).toList());
        }
        byName.forEach((name, conditions) -> {
            if (new LinkedHashSet<>(conditions.values()).size() == 1) {
                // The same verdicts under every condition measured: one line for the variant.
                add(name + " [" + Statistics.label(List.copyOf(conditions.keySet())) + "]", conditions.values().iterator().next());
            } else {
                conditions.forEach((c, verdicts) -> add(name + " [" + c.code + "]", verdicts));
            }
        });
    }

    private void add(String result, List<String> verdicts) {
        if (new LinkedHashSet<>(verdicts).size() > 1) {
            differences.add(new Difference(result, verdicts));
        } else {
            agreeing.add(result);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads one JSON report (as {@link JsonReport} writes it): each entry's {@code name}, {@code verdict} and
     * {@code statistics} (fresh when absent).
     *
     * @throws IllegalArgumentException naming the report, when it is not JSON, not a report, or names an unknown condition
     */
    public static Run read(String label, String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            JsonNode pg = root.path("postgres");
            JsonNode s = root.path("settings");
            if (!root.has("variants")) {
                throw new IllegalArgumentException(label + " is not a claim-matrix JSON report (no \"variants\")");
            }
            Map<String, String> verdicts = new LinkedHashMap<>();
            for (JsonNode v : root.path("variants")) {
                String name = v.path("name").asText();
                String conditions = v.path("statistics").asText(Statistics.FRESH.code);
                List<Statistics> covered;
                try {
                    covered = Statistics.fromLabel(conditions);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(label + ": variant " + name + " has unknown statistics '" + conditions
                            + "' (fresh, stale or \"fresh, stale\")");
                }
                for (Statistics c : covered.isEmpty() ? List.of(Statistics.FRESH) : covered) {
                    verdicts.put(name + " [" + c.code + "]", v.path("verdict").asText());
                }
            }
            String settings = s.path("workers").asText("?") + " workers, " + s.path("rounds").asText("?") + " rounds"
                    + (s.has("fixture") ? ", " + s.path("fixture").asText() + " fixture" : ""); // the seed's, when it ran
            if (s.has("items") && !s.path("items").isNull()) {
                settings += ", " + s.path("items").asText() + " items";
            }
            if (s.has("statistics")) {
                settings += s.path("statistics").isNull() ? ", each model's statistics" : ", " + s.path("statistics").asText() + " statistics";
            }
            return new Run(label, pg.path("version").asText("?"), pg.path("mode").asText("?"), settings, verdicts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(label + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public List<Difference> differences() {
        return differences;
    }

    /** The results (variant and condition(s)) whose verdict is the same in every run. */
    public Set<String> agreeing() {
        return agreeing;
    }

    /** A few lines: the runs compared, how many results agree, and each result that differs. */
    public String render() {
        StringBuilder b = new StringBuilder("Compared ").append(runs.size()).append(" runs:\n");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            b.append("  [").append(i + 1).append("] ").append(r.title()).append(", ").append(r.settings())
                    .append(": ").append(r.label()).append('\n');
        }
        b.append(agreeing.size()).append(" result(s) (variant [statistics]) got the same verdict in every run; ")
                .append(differences.size()).append(" differ").append(differences.isEmpty() ? ".\n" : ":\n");
        for (Difference d : differences) {
            b.append("  ").append(d.variant()).append(": ");
            for (int i = 0; i < d.verdicts().size(); i++) {
                b.append(i == 0 ? "" : ", ").append('[').append(i + 1).append("] ")
                        .append(d.verdicts().get(i) == null ? "not run" : d.verdicts().get(i));
            }
            b.append('\n');
        }
        return b.toString();
    }
}

package io.claimmatrix.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lines up the verdicts of several JSON reports (e.g. one per PostgreSQL version) and names the variants whose
 * verdict differs between them. A difference is a finding to read, not necessarily a change in PostgreSQL:
 * a race that a run hits in one server and misses in another also differs (SAFE against DUPLICATES).
 */
public final class VersionComparison {

    /** One report: which server it measured, under what settings, and each variant's verdict. */
    public record Run(String label, String postgresVersion, String mode, String settings, Map<String, String> verdicts) {
        public String title() {
            return "PostgreSQL " + postgresVersion + " (" + mode + ")";
        }
    }

    /** A variant whose verdict is not the same in every run that measured it; {@code null} where a run lacks it. */
    public record Difference(String variant, List<String> verdicts) {
    }

    private final List<Run> runs;
    private final List<Difference> differences = new ArrayList<>();
    private final Set<String> agreeing = new TreeSet<>();

    public VersionComparison(List<Run> runs) {
        this.runs = List.copyOf(runs);
        Set<String> names = new TreeSet<>();
        runs.forEach(r -> names.addAll(r.verdicts().keySet()));
        for (String name : names) {
            List<String> verdicts = runs.stream().map(r -> r.verdicts().get(name)).toList();
            if (new LinkedHashSet<>(verdicts).size() > 1) {
                differences.add(new Difference(name, verdicts));
            } else {
                agreeing.add(name);
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads one JSON report (as {@link JsonReport} writes it). */
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
                verdicts.put(v.path("name").asText(), v.path("verdict").asText());
            }
            String settings = s.path("workers").asText("?") + " workers, " + s.path("rounds").asText("?") + " rounds, "
                    + s.path("fixture").asText("?") + " fixture";
            return new Run(label, pg.path("version").asText("?"), pg.path("mode").asText("?"), settings, verdicts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(label + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public List<Difference> differences() {
        return differences;
    }

    public Set<String> agreeing() {
        return agreeing;
    }

    /** A few lines: the runs compared, how many variants agree, and each variant that differs. */
    public String render() {
        StringBuilder b = new StringBuilder("Compared ").append(runs.size()).append(" runs:\n");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            b.append("  [").append(i + 1).append("] ").append(r.title()).append(", ").append(r.settings())
                    .append(": ").append(r.label()).append('\n');
        }
        b.append(agreeing.size()).append(" variant(s) got the same verdict in every run; ")
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

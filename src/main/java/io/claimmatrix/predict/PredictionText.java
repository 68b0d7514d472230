package io.claimmatrix.predict;

import java.util.List;
import java.util.Locale;

/** Predictions as text (the {@code predict} command's output) or as Markdown (docs/predictions.md). */
public final class PredictionText {

    private PredictionText() {
    }

    /** Per variant and condition: the predicted verdict, its rule, reason and fix, and the recorded verdict beside it. */
    public static String text(List<Predictions.Row> rows) {
        return text(rows, false);
    }

    /** @param facts whether to show what each prediction was read from (the plan's outline, the statements) */
    public static String text(List<Predictions.Row> rows, boolean facts) {
        StringBuilder b = new StringBuilder();
        String last = null;
        for (Predictions.Row r : rows) {
            if (!r.variant().equals(last)) {
                b.append(last == null ? "" : "\n").append(r.variant()).append("  (model ").append(r.model()).append(", ")
                        .append(r.isolation()).append(")\n");
                last = r.variant();
            }
            Prediction p = r.prediction();
            b.append("  [").append(r.statistics().code).append("] predicted ").append(p.label()).append("; ").append(recorded(r)).append('\n');
            b.append("    reason: ").append(p.reason()).append('\n');
            if (!p.fix().isEmpty()) {
                b.append("    fix: ").append(p.fix()).append('\n');
            }
            if (facts) {
                r.facts().describe().lines().forEach(l -> b.append("    | ").append(l).append('\n'));
            }
        }
        b.append('\n').append(summary(rows)).append('\n');
        return b.toString();
    }

    /** The section {@code explain} prints under a variant: the prediction, its reason and fix, the recorded verdict beside it. */
    public static String section(Predictions.Row r) {
        Prediction p = r.prediction();
        return "predicted before any run (claim-matrix predict, " + r.statistics().code + " statistics): " + p.label() + "; "
                + recorded(r) + "\n  reason: " + p.reason() + "\n" + (p.fix().isEmpty() ? "" : "  fix: " + p.fix() + "\n");
    }

    /** {@code recorded DUPLICATES: agree}, {@code recorded SAFE: DISAGREE}, or {@code nothing recorded}. */
    public static String recorded(Predictions.Row r) {
        return r.recorded() == null ? "nothing recorded" : "recorded " + r.recorded() + ": " + (r.agrees() ? "agree" : "DISAGREE");
    }

    /** {@code 212 of 214 recorded verdicts predicted (99.1%); 2 disagreements: ...}. */
    public static String summary(List<Predictions.Row> rows) {
        List<Predictions.Row> recorded = rows.stream().filter(r -> r.recorded() != null).toList();
        long agree = recorded.stream().filter(Predictions.Row::agrees).count();
        String rate = recorded.isEmpty() ? "no recorded verdict to compare with"
                : agree + " of " + recorded.size() + " recorded verdicts predicted ("
                + String.format(Locale.ROOT, "%.1f%%", 100.0 * agree / recorded.size()) + ")";
        List<String> disagreements = recorded.stream().filter(r -> !r.agrees()).map(PredictionText::key).toList();
        return rate + (disagreements.isEmpty() ? "" : "; disagreements: " + String.join(", ", disagreements));
    }

    private static String key(Predictions.Row r) {
        return r.variant() + " [" + r.statistics().code + "]";
    }

    /** A Markdown table: variant, statistics, predicted, rule, recorded, agreement; then the rate. */
    public static String markdown(List<Predictions.Row> rows) {
        StringBuilder b = new StringBuilder("| variant | statistics | predicted | rule | recorded | agreement |\n|---|---|---|---|---|---|\n");
        for (Predictions.Row r : rows) {
            b.append("| `").append(r.variant()).append("` | ").append(r.statistics().code).append(" | ").append(r.prediction().verdict())
                    .append(" | ").append(r.prediction().rule()).append(" | ").append(r.recorded() == null ? "—" : r.recorded().toString())
                    .append(" | ").append(r.recorded() == null ? "not recorded" : r.agrees() ? "agree" : "**DISAGREE**").append(" |\n");
        }
        b.append('\n').append(summary(rows)).append(".\n\n");
        b.append("Reasons (each rule's finding in its own words; the snapshot-conflict rows, which all say that a lock or write ")
                .append("of a row changed after the snapshot fails with 40001, are left out):\n\n");
        return b.append(reasons(rows.stream().filter(r -> !r.prediction().rule().equals("snapshot-conflict")).toList())).toString();
    }

    static final String BEGIN = "<!-- predictions:begin -->", END = "<!-- predictions:end -->";

    /**
     * A Markdown document with its generated part replaced: the text between {@value #BEGIN} and {@value #END} becomes
     * {@code generated}; a document without the markers is replaced whole.
     */
    public static String replaceGenerated(String document, String generated) {
        int begin = document.indexOf(BEGIN), end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            return generated;
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + generated + document.substring(end);
    }

    /** Each row's reason and fix, as a Markdown list keyed by variant and condition. */
    public static String reasons(List<Predictions.Row> rows) {
        StringBuilder b = new StringBuilder();
        for (Predictions.Row r : rows) {
            b.append("- `").append(r.variant()).append("` [").append(r.statistics().code).append("]: **")
                    .append(r.prediction().verdict()).append("** (").append(r.prediction().rule()).append("). ")
                    .append(r.prediction().reason().replace("|", "\\|"))
                    .append(r.prediction().fix().isEmpty() ? "" : " Fix: " + r.prediction().fix().replace("|", "\\|") + ".").append('\n');
        }
        return b.toString();
    }

}

package io.claimmatrix.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * The summary a benchmark quotes for repeated measurements: median and spread (min to max), with how many runs.
 * Medians, not means: on a shared 2-core machine one run that lost the CPU to another process should not move it.
 */
public record Stats(int n, double median, double min, double max) {

    public static Stats of(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return new Stats(v.length, median(v), v[0], v[v.length - 1]);
    }

    public static Stats of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    private static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Spread as a fraction of the median, e.g. 0.12 for a range 12% of the median wide. */
    public double relativeSpread() {
        return median == 0 ? 0 : (max - min) / median;
    }

    /** {@code 1234 (1100–1300, n=3)} with the given number of decimals. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        if (n == 1) {
            return String.format(Locale.ROOT, f + " (n=1)", median);
        }
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ", n=%d)", median, min, max, n);
    }
}

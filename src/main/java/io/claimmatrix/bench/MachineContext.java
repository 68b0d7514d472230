package io.claimmatrix.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the numbers were measured on and what else was running: timing on a shared machine is only worth quoting
 * with the load beside it. Linux details ({@code /proc/loadavg}, {@code ps}) are read when present.
 */
public final class MachineContext {

    /** Load averages (1, 5, 15 min) when a section started and ended. */
    public record SectionLoad(String section, String atStart, String atEnd, double seconds) {
    }

    private final String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
    private final String busiestAtStart = busiestProcesses();
    private final List<SectionLoad> sections = new ArrayList<>();

    public String started() {
        return started;
    }

    public int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    public String java() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** Other processes using the CPU when the bench started, e.g. {@code java x5 (310% CPU)}. */
    public String busiestAtStart() {
        return busiestAtStart;
    }

    public List<SectionLoad> sections() {
        return sections;
    }

    /** Runs a section and records the load around it. */
    public <T> T section(String name, SectionBody<T> body) throws Exception {
        String before = loadAverage();
        long start = System.nanoTime();
        try {
            return body.run();
        } finally {
            sections.add(new SectionLoad(name, before, loadAverage(), (System.nanoTime() - start) / 1e9));
        }
    }

    @FunctionalInterface
    public interface SectionBody<T> {
        T run() throws Exception;
    }

    /** {@code 9.17 10.83 9.06}, or {@code n/a} off Linux. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * The commands using the most CPU right now (our own JVM excluded), grouped: {@code java 3 (186% CPU), ...}.
     * {@code ps} reports CPU over each process's lifetime, a rough but honest picture of who shares the machine.
     */
    static String busiestProcesses() {
        try {
            Process p = new ProcessBuilder("ps", "-eo", "pid=,pcpu=,comm=").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "n/a";
            }
            long self = ProcessHandle.current().pid();
            Map<String, double[]> byCommand = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+", 3);
                if (f.length < 3 || Long.parseLong(f[0]) == self) {
                    continue;
                }
                double cpu = Double.parseDouble(f[1]);
                if (cpu >= 5) {
                    double[] acc = byCommand.computeIfAbsent(f[2], k -> new double[2]);
                    acc[0]++;
                    acc[1] += cpu;
                }
            }
            if (byCommand.isEmpty()) {
                return "nothing else above 5% CPU";
            }
            List<String> parts = new ArrayList<>();
            byCommand.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(6)
                    .forEach(e -> parts.add(String.format(Locale.ROOT, "%s x%d (%.0f%% CPU)", e.getKey(), (int) e.getValue()[0], e.getValue()[1])));
            return String.join(", ", parts);
        } catch (IOException | RuntimeException e) {
            return "n/a";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "n/a";
        }
    }
}

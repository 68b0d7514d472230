package io.claimmatrix.cli;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Whether stderr is a terminal (Java has no direct way to ask): progress is drawn only there. */
final class Terminals {

    private Terminals() {
    }

    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) { // Linux: where does fd 2 point?
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return System.console() != null;
        }
        try { // other Unix (macOS): ask test(1) about the stderr it inherits
            Process p = new ProcessBuilder("test", "-t", "2")
                    .redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The width of the terminal stderr is on (asked through JLine), else {@code fallback}. */
    static int stderrColumns(int fallback) {
        try (Terminal t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.ForcedSysErr)
                .dumb(true).build()) {
            return t.getWidth() > 20 ? t.getWidth() : fallback;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}

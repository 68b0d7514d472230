package io.claimmatrix.reliability;

import io.claimmatrix.report.VersionComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VersionComparisonTest {

    private static String report(String version, String mode, String... nameVerdict) {
        StringBuilder variants = new StringBuilder();
        for (int i = 0; i < nameVerdict.length; i += 2) {
            variants.append(i == 0 ? "" : ",").append("{\"name\":\"").append(nameVerdict[i]).append("\",\"verdict\":\"")
                    .append(nameVerdict[i + 1]).append("\"}");
        }
        return "{\"postgres\":{\"version\":\"" + version + "\",\"mode\":\"" + mode + "\"},"
                + "\"settings\":{\"workers\":8,\"rounds\":5,\"fixture\":\"generated\"},\"variants\":[" + variants + "]}";
    }

    @Test
    void namesTheVariantsWhoseVerdictDiffers(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("15.json"), report("15.20", "external", "seed", "DUPLICATES", "safe", "SAFE", "racy", "SAFE"));
        Path b = Files.writeString(dir.resolve("17.json"), report("17.7", "embedded", "seed", "DUPLICATES", "safe", "SAFE", "racy", "DUPLICATES", "new", "ABORTS"));

        Cli cli = Cli.run("compare", a.toString(), b.toString());

        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).isEqualTo("""
                Compared 2 runs:
                  [1] PostgreSQL 15.20 (external), 8 workers, 5 rounds, generated fixture: %s
                  [2] PostgreSQL 17.7 (embedded), 8 workers, 5 rounds, generated fixture: %s
                2 variant(s) got the same verdict in every run; 2 differ:
                  new: [1] not run, [2] ABORTS
                  racy: [1] SAFE, [2] DUPLICATES
                """.formatted(a, b));
        assertThat(Cli.run("compare", "--fail-on-difference", a.toString(), b.toString()).exit()).isEqualTo(1);
        assertThat(Cli.run("compare", "--fail-on-difference", a.toString(), a.toString()).exit()).isZero();
    }

    @Test
    void badReportsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("table.txt"), "PostgreSQL 17.7 (embedded)");
        Path ok = Files.writeString(dir.resolve("ok.json"), report("17.7", "embedded", "seed", "DUPLICATES"));
        Cli.run("compare", notJson.toString(), ok.toString()).failsWith(2, "is not valid JSON");
        Cli.run("compare", dir.resolve("missing.json").toString(), ok.toString()).failsWith(2, "cannot read");
        Cli.run("compare", "{}", ok.toString()).failsWith(2, "cannot read");
        assertThat(VersionComparison.read("x", report("16.10", "embedded")).verdicts()).isEmpty();
    }
}

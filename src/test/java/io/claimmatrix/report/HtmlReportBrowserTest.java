package io.claimmatrix.report;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.claim.sql.SqlStrategyFile;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real run's HTML report in a real headless browser (Debian's chromium and chromedriver; .ci/run installs them,
 * the test is skipped where they are absent): it renders, fetches nothing, has one cell per result (a variant under a
 * statistics condition), and a click opens the result's details, with its plan under each condition. Leaves
 * target/claim-matrix/report-browser.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportBrowserTest {

    static final Path OUT = Path.of(System.getProperty("claimmatrix.reportDir", "target/claim-matrix"));

    private ChromeDriver browser;
    private Path profile;
    private MatrixResult result;

    @BeforeAll
    void start() throws Exception {
        String chromium = executable("chromium", "chromium-browser", "google-chrome");
        String driver = executable("chromedriver");
        assumeTrue(chromium != null && driver != null,
                "no chromium and chromedriver on PATH (apt-get install chromium chromium-driver): the HTML report's browser test is skipped");

        // The seed under fresh statistics (its model's own), the jobs model under both.
        List<ClaimStrategy<?>> strategies = new ArrayList<>(StrategyCatalogue.discover().select("seed,inner-lock-all,jobs.in-subquery.rc"));
        strategies.add(SqlStrategyFile.read(Path.of("examples/strategies/seed.sql")));
        result = MatrixRunner.run(TestDatabase.get(), strategies,
                new Harness.Settings(4, 2, Fixture.generated(100, 7), Duration.ofSeconds(30)), MatrixRunner.Listener.NONE);

        profile = Files.createTempDirectory("claim-matrix-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1300,1400");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build(), options);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void rendersOneCellPerVariantAndAClickOpensItsDetails() throws Exception {
        Files.createDirectories(OUT);
        Path page = Files.writeString(OUT.resolve("report-browser.html"), Format.HTML.render(result));
        browser.get(page.toUri().toString());
        waitFor(By.cssSelector("body[data-ready='true']"));

        List<WebElement> cells = browser.findElements(By.cssSelector("button.cell[data-variant]"));
        assertThat(cells).extracting(c -> c.getAttribute("data-variant"))
                .containsExactlyInAnyOrderElementsOf(result.variants().stream().map(VariantResult::name).toList());
        assertThat(cells).allSatisfy(c -> assertThat(c.isDisplayed()).isTrue());
        assertThat(((JavascriptExecutor) browser).executeScript("return performance.getEntriesByType('resource').length"))
                .as("resources fetched by the page").isEqualTo(0L);
        Files.write(OUT.resolve("report-browser.png"), browser.getScreenshotAs(OutputType.BYTES));

        VariantResult sql = result.variants().stream().filter(v -> v.name().equals("sql.seed")).findFirst().orElseThrow();
        browser.findElement(By.cssSelector("button.cell[data-variant='sql.seed']")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog#details[open]"));
        assertThat(dialog.findElement(By.id("details-name")).getText()).isEqualTo("sql.seed");
        assertThat(dialog.findElement(By.cssSelector(".badge")).getText()).isEqualTo(sql.verdict().name());
        assertThat(dialog.findElement(By.cssSelector("pre.sql")).getText()).contains("FOR UPDATE OF a, init SKIP LOCKED");
        assertThat(dialog.findElement(By.cssSelector("p.reason")).getText()).isEqualTo(sql.reason());
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).renameTo(OUT.resolve("report-browser-details.png").toFile());

        dialog.sendKeys(Keys.ESCAPE);
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog#details[open]")));

        // The chart's rows open the same details.
        String seed = StrategyCatalogue.discover().select("seed").get(0).name();
        browser.findElement(By.cssSelector("svg.bars g.bar-row[data-variant='" + seed + "'] text.label")).click();
        assertThat(waitFor(By.cssSelector("dialog#details[open]")).findElement(By.id("details-name")).getText()).isEqualTo(seed);
    }

    @Test
    void aQueueModelsCellOpensItsResultWithThePlanUnderEachConditionAndLinksItsOtherResults() throws Exception {
        List<VariantResult> jobs = result.variants().stream().filter(v -> v.model().equals("jobs")).toList();
        assertThat(jobs).isNotEmpty();
        Files.createDirectories(OUT);
        Path page = Files.writeString(OUT.resolve("report-browser-jobs.html"), Format.HTML.render(result));
        browser.get(page.toUri().toString());
        waitFor(By.cssSelector("body[data-ready='true']"));

        VariantResult first = jobs.get(0);
        WebElement section = browser.findElement(By.cssSelector("section#model-jobs"));
        assertThat(section.findElements(By.cssSelector("button.cell"))).hasSize(jobs.size());
        section.findElement(By.cssSelector("button.cell[data-key='" + first.key() + "']")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog#details[open]"));
        assertThat(dialog.findElement(By.id("details-name")).getText()).isEqualTo("jobs.in-subquery.rc");
        assertThat(dialog.findElement(By.cssSelector(".badge")).getText()).isEqualTo(first.verdict().name());
        assertThat(dialog.findElement(By.cssSelector("p.statistics")).getAttribute("data-statistics")).isEqualTo(first.statisticsLabel());
        assertThat(dialog.findElement(By.cssSelector("dl.counts")).getText()).contains("over-claims").contains("silent misses")
                .contains("group duplicates").contains("missed items");
        List<WebElement> plans = dialog.findElements(By.cssSelector("pre.plan"));
        assertThat(plans).hasSize(first.plans().values().stream().distinct().count() == 1 ? 1 : 2);
        assertThat(plans.get(0).getText()).startsWith("Update on jobs");
        Files.write(OUT.resolve("report-browser-jobs-details.png"), browser.getScreenshotAs(OutputType.BYTES));

        if (jobs.size() > 1) {
            // Measured under each condition: the dialog links the other result.
            VariantResult other = jobs.get(1);
            dialog.findElement(By.cssSelector("p.siblings button[data-key='" + other.key() + "']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.attributeToBe(
                    By.cssSelector("dialog#details[open] p.statistics"), "data-statistics", other.statisticsLabel()));
            assertThat(browser.findElement(By.cssSelector("dialog#details .badge")).getText()).isEqualTo(other.verdict().name());
        }
    }

    @Test
    void theTimelineHookDrawsOneBarPerEvent() throws Exception {
        String seed = StrategyCatalogue.discover().select("seed").get(0).name();
        TimelineSource timeline = v -> !v.name().equals(seed) ? List.of() : List.of(
                new TimelineSource.Event("worker 1", "w1#1 claims acct-00001", 0, 3, "committed"),
                new TimelineSource.Event("worker 2", "w2#1 claims acct-00001", 1, 4, "duplicate"),
                new TimelineSource.Event("worker 2", "w2#2 aborts", 4.5, 5, "aborted"));
        Files.createDirectories(OUT);
        Path page = Files.writeString(OUT.resolve("report-browser-timeline.html"), HtmlReport.render(result, timeline));
        browser.get(page.toUri().toString() + "#" + seed.replace("+", "%2B"));

        WebElement dialog = waitFor(By.cssSelector("dialog#details[open]"));
        assertThat(dialog.findElements(By.cssSelector("svg.timeline rect"))).hasSize(3);
        assertThat(dialog.findElements(By.cssSelector("svg.timeline rect.duplicate"))).hasSize(1);
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static String executable(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}

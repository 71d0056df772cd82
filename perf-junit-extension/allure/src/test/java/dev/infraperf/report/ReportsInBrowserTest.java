package dev.infraperf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Opens what people look at in a real browser (Debian's headless chromium): the run's {@code
 * experiment_summary.html} and the Allure report generated offline from the same run. Screenshots
 * land in {@code target/screenshots/} (the ones in {@code docs/} are copies of them).
 */
@DisplayName("reports in a browser")
class ReportsInBrowserTest {
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    @TempDir
    static Path root;

    static Path runDir;
    static Path allureResults;
    static HeadlessChromium browser;

    @BeforeAll
    static void runScenarioAndStartBrowser() throws Exception {
        HeadlessChromium.binary();
        allureResults = root.resolve("allure-results");
        ReportFixtures.run(ReportFixtures.ThroughputScenario.class, root.resolve("perf-results"), allureResults);
        try (Stream<Path> dirs = Files.list(root.resolve("perf-results"))) {
            runDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void experiment_summary_html_shows_the_coloured_verdict_table_without_console_errors() throws Exception {
        browser.open(runDir.resolve("experiment_summary.html").toUri(), Duration.ofMillis(200));

        assertThat(browser.evaluate("document.querySelectorAll('#verdicts tbody tr').length")
                        .asInt())
                .isEqualTo(3);
        assertThat(browser.evaluate("document.querySelector('#verdicts').getBoundingClientRect().height > 50")
                        .asBoolean())
                .isTrue();
        assertThat(browser.evaluate(
                                "getComputedStyle(document.querySelector('#verdicts tr.good td.level')).backgroundColor")
                        .asText())
                .isEqualTo("rgb(46, 125, 50)");
        assertThat(browser.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
                        .asBoolean())
                .as("every chart image decodes")
                .isTrue();
        browser.screenshot(SCREENSHOTS.resolve("experiment_summary.png"));
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void allure_report_generated_offline_opens_with_the_run_and_without_console_errors() throws Exception {
        Path report = generateAllureReport(allureResults, root.resolve("allure-report"));

        browser.open(report.resolve("index.html").toUri(), Duration.ofMillis(500));
        assertThat(browser.waitFor("document.body.innerText.includes('ThroughputScenario')", Duration.ofSeconds(20)))
                .as("the Allure overview lists the scenario: %s", browser.evaluate("document.body.innerText"))
                .isTrue();
        browser.screenshot(SCREENSHOTS.resolve("allure_overview.png"));

        List<String> overviewErrors = browser.errors();
        browser.openHash("behaviors", Duration.ofMillis(300));
        assertThat(browser.waitFor("document.body.innerText.includes('Formae')", Duration.ofSeconds(15)))
                .as("the behaviors tab groups by the epic: %s", browser.evaluate("document.body.innerText"))
                .isTrue();
        // Unfold epic, feature and the scenario's test so the screenshot shows its steps and attachments.
        for (String title : List.of("Formae", "experiment", "throughput_baseline")) {
            browser.evaluate("(() => { const n = Array.from(document.querySelectorAll('.node__title'))"
                    + ".find(e => e.innerText.includes('" + title + "')); if (n) n.click(); return !!n; })()");
            Thread.sleep(400);
        }
        browser.screenshot(SCREENSHOTS.resolve("allure_behaviors.png"));
        assertThat(overviewErrors).isEmpty();
        assertThat(browser.errors()).isEmpty();
    }

    /** Runs the allure commandline from the Maven Central zip (a test dependency) in single-file mode. */
    static Path generateAllureReport(Path results, Path out) throws Exception {
        Path zip = allureZip();
        Path home = root.resolve("allure-commandline");
        unzip(zip, home);
        Path bin;
        try (Stream<Path> found = Files.walk(home)) {
            bin = found.filter(p -> p.endsWith(Paths.get("bin", "allure")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no bin/allure in " + zip));
        }
        bin.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(
                        bin.toString(),
                        "generate",
                        "--single-file",
                        "--clean",
                        "-o",
                        out.toString(),
                        results.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("allure-generate.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // Otherwise the report loads Google Analytics, which fails offline and logs a console error.
        pb.environment().put("ALLURE_NO_ANALYTICS", "true");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("allure generate took more than 120 s");
        }
        assertThat(p.exitValue())
                .as(Files.readString(root.resolve("allure-generate.log")))
                .isZero();
        assertThat(out.resolve("index.html")).isRegularFile();
        return out;
    }

    private static Path allureZip() {
        String version = "2.34.0";
        Path repo = Paths.get(System.getProperty(
                "maven.repo.local",
                Paths.get(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path zip = repo.resolve(Paths.get(
                "io", "qameta", "allure", "allure-commandline", version, "allure-commandline-" + version + ".zip"));
        if (!Files.isRegularFile(zip)) {
            throw new TestAbortedException("no " + zip + " (test dependency io.qameta.allure:allure-commandline:"
                    + version + ":zip not resolved): Allure browser test skipped");
        }
        return zip;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path to = target.resolve(e.getName()).normalize();
                if (!to.startsWith(target)) {
                    throw new IOException("zip entry outside target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(z, to);
                }
            }
        }
    }
}

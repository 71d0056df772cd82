package dev.infraperf.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

@DisplayName("The live page in headless Chromium")
class LivePageInBrowserTest {

    /** Where the mid-phase screenshot goes; {@code bench/live-page.sh} copies it to {@code docs/live_page.png}. */
    static final Path SCREENSHOT = Paths.get("target", "live_page.png");

    private static final Pattern POINTS = Pattern.compile("id=\"(chart-[a-z]+)\" data-points=\"(\\d+)\"");

    @Test
    @Timeout(120)
    @DisplayName("mid-phase, the charts hold points, the header names the phase and counts, and a screenshot is taken")
    void chartsArePopulatedMidPhase(@TempDir Path results) throws Exception {
        Path chromium = chromium();
        try (LiveFixtures.Target target = new LiveFixtures.Target()) {
            LiveFixtures.BackgroundRun run =
                    LiveFixtures.BackgroundRun.start(LiveFixtures.TwentySecondPhase.class, target, results);
            URI live = LiveFixtures.awaitLiveUrl(Duration.ofSeconds(20));
            LiveFixtures.awaitCurrent(live, "browsed", 200, Duration.ofSeconds(20));

            String dom = browse(chromium, live, "--dump-dom");
            Files.createDirectories(SCREENSHOT.getParent());
            Files.writeString(SCREENSHOT.resolveSibling("live_page.dom.html"), dom);
            List<String> empty = new ArrayList<>();
            Matcher m = POINTS.matcher(dom);
            int charts = 0;
            while (m.find()) {
                charts++;
                if (!m.group(1).equals("chart-formae") && Integer.parseInt(m.group(2)) < 2) {
                    empty.add(m.group(1) + " has " + m.group(2) + " points");
                }
            }
            assertThat(charts).as("charts on the page").isEqualTo(4);
            assertThat(empty)
                    .as("load charts with fewer than 2 points, in%n%s", dom)
                    .isEmpty();
            assertThat(dom).contains("class=\"uplot").contains("<canvas");
            assertThat(dom).contains("<span id=\"phase\">browsed</span>");
            assertThat(dom).contains("<span id=\"test\">TwentySecondPhase</span>");
            Matcher ok = Pattern.compile("<span id=\"total-ok\">(\\d+)</span>").matcher(dom);
            assertThat(ok.find()).isTrue();
            assertThat(Long.parseLong(ok.group(1))).isPositive();
            assertThat(dom).contains("[TwentySecondPhase/browsed]");

            Files.deleteIfExists(SCREENSHOT);
            browse(chromium, live, "--screenshot=" + SCREENSHOT.toAbsolutePath());
            JsonNode state = LiveFixtures.JSON.readTree(LiveFixtures.get(live.resolve("/api/state")));
            assertThat(state.path("current").path("running").asBoolean())
                    .as("the phase still runs after the screenshot (it is mid-phase)")
                    .isTrue();
            assertThat(Files.size(SCREENSHOT)).as("screenshot size").isGreaterThan(20_000);
            run.await();
        }
    }

    private static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path p = Paths.get(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new TestAbortedException(
                "no chromium at /usr/bin/chromium (Debian package 'chromium'): the live page's browser test is skipped");
    }

    /** Loads the page for 3 s of (virtual) time, polling included, and returns what Chromium printed. */
    private static String browse(Path chromium, URI url, String what) throws Exception {
        Path profile = Files.createTempDirectory("chromium-live");
        Process p = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--hide-scrollbars",
                        "--user-data-dir=" + profile,
                        "--window-size=1400,1250",
                        "--virtual-time-budget=3000",
                        what,
                        url.toString())
                .redirectError(profile.resolve("chromium.log").toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium " + what + " did not finish within 60 s");
        }
        assertThat(p.exitValue())
                .as("chromium %s exit code; its log:%n%s", what, Files.readString(profile.resolve("chromium.log")))
                .isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}

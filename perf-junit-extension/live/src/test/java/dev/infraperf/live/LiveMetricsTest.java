package dev.infraperf.live;

import static dev.infraperf.live.LiveFixtures.get;
import static dev.infraperf.live.LiveFixtures.parse;
import static dev.infraperf.live.LiveFixtures.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infraperf.load.PhaseResult;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("/metrics during a phase")
class LiveMetricsTest {

    private static final Pattern CONSOLE =
            Pattern.compile("^\\[TwelveSecondPhase/steady] .*\\| total: \\d+ requests, (\\d+) errors \\(.*$");

    @Test
    @Timeout(90)
    @DisplayName("counters parsed by prometheus_client grow between two scrapes mid-phase and end equal to the report"
            + " and to the console line")
    void countersGrowAndMatchTheReport(@TempDir Path results) throws Exception {
        try (LiveFixtures.Target target = new LiveFixtures.Target()) {
            LiveFixtures.BackgroundRun run =
                    LiveFixtures.BackgroundRun.start(LiveFixtures.TwelveSecondPhase.class, target, results);
            URI live = LiveFixtures.awaitLiveUrl(Duration.ofSeconds(20));
            LiveFixtures.awaitCurrent(live, "steady", 50, Duration.ofSeconds(20));

            HttpResponse<String> first = get(live.resolve("/metrics"), "application/openmetrics-text; version=1.0.0");
            assertThat(first.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
            List<LiveFixtures.Sample> early = parse(first.body(), "openmetrics");
            Thread.sleep(2_000);
            List<LiveFixtures.Sample> later = parse(get(live.resolve("/metrics")), "prometheus");

            double okEarly = sum(early, "infraperf_requests_total", "test", "TwelveSecondPhase", "outcome", "success");
            double okLater = sum(later, "infraperf_requests_total", "test", "TwelveSecondPhase", "outcome", "success");
            assertThat(okEarly).as("successes at the first scrape").isGreaterThanOrEqualTo(50);
            assertThat(okLater).as("successes two seconds later").isGreaterThan(okEarly);
            assertThat(sum(later, "infraperf_request_duration_seconds_count", "phase", "steady", "latency", "raw"))
                    .as("latency histogram count two seconds later")
                    .isGreaterThan(sum(
                            early, "infraperf_request_duration_seconds_count", "phase", "steady", "latency", "raw"));
            assertThat(sum(later, "infraperf_users", "phase", "steady")).isEqualTo(4);
            assertThat(sum(later, "infraperf_phase_running", "phase", "steady")).isEqualTo(1);

            run.await();
            PhaseResult report = LiveFixtures.LAST_RESULT.get();
            assertThat(report).as("the fixture's injected PhaseResult").isNotNull();
            List<LiveFixtures.Sample> end = parse(get(live.resolve("/metrics")), "prometheus");
            String[] phase = {"test", "TwelveSecondPhase", "phase", "steady"};
            assertThat((long) sum(end, "infraperf_requests_total", with(phase, "outcome", "success")))
                    .as("successes in /metrics at the end vs the report")
                    .isEqualTo(report.succeeded())
                    .isGreaterThanOrEqualTo((long) okLater);
            assertThat((long) sum(end, "infraperf_requests_total", with(phase, "outcome", "failure")))
                    .as("failures in /metrics at the end vs the report")
                    .isEqualTo(report.failed())
                    .isPositive();
            assertThat((long) sum(end, "infraperf_requests_total", with(phase, "outcome", "timeout")))
                    .isEqualTo(report.timedOut());
            assertThat((long) sum(end, "infraperf_dropped_arrivals_total", phase))
                    .isEqualTo(report.dropped());
            assertThat(sum(end, "infraperf_phase_running", phase)).isZero();

            // the page's figures and the console's last progress line tell the same story
            JsonNode page = LiveFixtures.JSON.readTree(get(live.resolve("/api/state")));
            JsonNode row = page.path("phases").get(page.path("phases").size() - 1);
            assertThat(row.path("phase").asText()).isEqualTo("steady");
            assertThat(row.path("ok").asLong()).isEqualTo(report.succeeded());
            assertThat(row.path("failed").asLong()).isEqualTo(report.failed() + report.timedOut());
            assertThat(row.path("verdict").asText())
                    .isEqualTo(report.model().worstLevel().label());
            String lastLine = run.consoleLines().stream()
                    .filter(l -> CONSOLE.matcher(l).matches())
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no progress line of the phase on the console"));
            Matcher m = CONSOLE.matcher(lastLine);
            assertThat(m.matches()).isTrue();
            // the rest of the phase after its last printed interval is recorded but not printed (no line after the
            // phase ends), so the console's total can only be behind the report's; on a starved CPU it is
            assertThat(Long.parseLong(m.group(1)))
                    .as("errors on the console's last line: %s", lastLine)
                    .isPositive()
                    .isLessThanOrEqualTo(report.failed() + report.timedOut());
            assertThat(page.path("current").path("consoleLine").asText()).isEqualTo(lastLine);

            // the report link serves the run directory's summary
            String summary = row.path("summary").asText();
            assertThat(summary).startsWith("/runs/").endsWith("/experiment_summary.html");
            HttpResponse<String> html = get(live.resolve(summary), null);
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).contains("steady");
            JsonNode written = LiveFixtures.JSON.readTree(
                    get(live.resolve(summary.replace("experiment_summary.html", "experiment_summary.json"))));
            assertThat(written.findValue("succeeded").asLong()).isEqualTo(report.succeeded());
        }
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = new String[labels.length + more.length];
        System.arraycopy(labels, 0, all, 0, labels.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}

package dev.infraperf.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.RunResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ReportWriter")
class ReportWriterTest {
    @TempDir
    Path root;

    /** One two-phase run written once (rendering charts is the slow part) and read by several tests. */
    @TempDir
    static Path sharedRoot;

    static WrittenReport shared;

    @org.junit.jupiter.api.BeforeAll
    static void writeSharedRun() {
        shared = ReportWriter.into(sharedRoot).write(RunFixtures.loadRun("run-1", RunFixtures.START, 40));
    }

    @Test
    void writes_locust_csvs_with_locust_2_column_names_per_phase() throws IOException {
        Path dir = shared.directory();
        assertThat(dir).isEqualTo(sharedRoot.resolve("run-1"));
        List<String> stats = Files.readAllLines(dir.resolve("throughput_baseline_stats.csv"));
        assertThat(stats.get(0))
                .isEqualTo("Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
                        + "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
                        + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%");
        assertThat(stats).hasSize(3);
        assertThat(stats.get(1)).startsWith("POST,/webhook,1200,0,");
        assertThat(stats.get(2)).startsWith(",Aggregated,1200,0,");

        List<String> history = Files.readAllLines(dir.resolve("throughput_medium_stats_history.csv"));
        assertThat(history.get(0))
                .isEqualTo("Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,"
                        + "99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,"
                        + "Total Average Response Time,Total Min Response Time,Total Max Response Time,"
                        + "Total Average Content Size");
        assertThat(history).hasSize(13);
        String[] last = history.get(12).split(",");
        assertThat(last[0])
                .isEqualTo(Long.toString(RunFixtures.START.plusSeconds(60 + 60).getEpochSecond()));
        assertThat(last[3]).isEqualTo("Aggregated");
        assertThat(last[17]).isEqualTo("2400");

        List<String> failures = Files.readAllLines(dir.resolve("throughput_medium_failures.csv"));
        assertThat(failures.get(0)).isEqualTo("Method,Name,Error,Occurrences");
        assertThat(failures.get(1)).startsWith("POST,/webhook,HTTP 503: Service Unavailable,");
    }

    @Test
    void writes_interval_histograms_as_an_hdrhistogram_log_that_reads_back() throws IOException {
        WrittenReport report = shared;

        Path log = report.directory().resolve("throughput_baseline.hlog");
        assertThat(report.histogramLogs()).contains(log);
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        int count = 0;
        long total = 0;
        while (reader.nextIntervalHistogram() instanceof org.HdrHistogram.Histogram h) {
            count++;
            if (IntervalHistogram.RAW.equals(h.getTag())) {
                total += h.getTotalCount();
            }
        }
        assertThat(count).isEqualTo(24);
        assertThat(total).isEqualTo(1200);

        PhaseResult back = ReportWriter.read(report.directory()).phases().get(0);
        assertThat(back.histograms()).hasSize(24);
        assertThat(back.histograms().get(6).offset()).isEqualTo(Duration.ofSeconds(15));
        assertThat(back.histograms().get(6).tag()).isEqualTo(IntervalHistogram.RAW);
        assertThat(back.histograms().get(6).decode().getTotalCount()).isEqualTo(100);
    }

    @Test
    void writes_a_json_summary_with_counts_rps_percentiles_verdicts_and_bottleneck() throws IOException {
        WrittenReport report = shared;

        JsonNode json = ReportJson.mapper().readTree(report.summaryJson().toFile());
        assertThat(json.get("schema_version").asInt()).isEqualTo(1);
        assertThat(json.get("run_id").asText()).isEqualTo("run-1");
        assertThat(json.get("git_commit").asText()).isEqualTo("3ea9e2b");
        assertThat(json.get("time_scale").asDouble()).isEqualTo(0.02);
        assertThat(json.get("resolutions").get(1).asText()).startsWith("Redis: redis-server");
        JsonNode phase = json.get("phases").get(1);
        assertThat(phase.get("name").asText()).isEqualTo("throughput_medium");
        assertThat(phase.get("counts").get("issued").asLong()).isEqualTo(2400);
        assertThat(phase.get("requests_per_second").asDouble()).isEqualTo(40.0);
        assertThat(phase.get("raw").get("p99_nanos").asLong()).isPositive();
        assertThat(phase.get("corrected")
                        .get("corrected_for_coordinated_omission")
                        .asBoolean())
                .isTrue();
        assertThat(phase.get("corrected").get("spectrum")).isNotEmpty();
        assertThat(phase.get("verdicts").get(0).get("level").asText()).isIn("GOOD", "WARNING", "CRITICAL");
        assertThat(phase.get("histogram_log").asText()).isEqualTo("throughput_medium.hlog");
        assertThat(phase.has("histograms")).isFalse();
        assertThat(json.get("bottleneck").get("kind").asText()).isEqualTo("fixed-capacity");
        assertThat(json.get("history_row").get("count").asLong()).isEqualTo(3600);

        RunResult back = ReportJson.read(report.summaryJson());
        RunResult original = RunFixtures.loadRun("run-1", RunFixtures.START, 40);
        assertThat(back.phases().get(1).corrected())
                .isEqualTo(original.phases().get(1).corrected());
        assertThat(back.phases().get(1).intervals())
                .isEqualTo(original.phases().get(1).intervals());
        assertThat(back.bottleneck()).isEqualTo(original.bottleneck());
    }

    @Test
    void writes_the_guide_charts_as_readable_pngs() throws IOException {
        WrittenReport report = shared;

        assertThat(report.charts())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "latency_distribution.png",
                        "percentile_chart.png",
                        "throughput_timeline.png",
                        "success_failure_rate.png");
        for (Path chart : report.charts()) {
            assertThat(chart.getParent().getFileName().toString()).isEqualTo("charts");
            BufferedImage image = ImageIO.read(chart.toFile());
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        }
    }

    @Test
    void writes_a_self_contained_html_summary_with_a_coloured_verdict_table() throws IOException {
        WrittenReport report = shared;

        String html = Files.readString(report.summaryHtml());
        assertThat(html).contains("<table id=\"verdicts\"");
        assertThat(html).containsPattern("<tr class=\"(good|warning|critical)\"><td>throughput_baseline</td><td>P50");
        assertThat(html).contains("data:image/png;base64,");
        assertThat(html).doesNotContain("<script").doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(html).contains("Redis: redis-server 7.0.15");
    }

    @Test
    void renders_a_run_with_zero_requests_with_every_file_and_a_note_instead_of_data() throws IOException {
        WrittenReport report = ReportWriter.into(root).write(RunFixtures.zeroRequestRun());

        assertThat(report.charts()).hasSize(4).allSatisfy(p -> assertThat(p).isRegularFile());
        List<String> stats = Files.readAllLines(report.directory().resolve("idle_stats.csv"));
        assertThat(stats.get(1))
                .isEqualTo(",Aggregated,0,0,0,0.0,0,0,0.0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A");
        assertThat(Files.readAllLines(report.directory().resolve("idle_stats_history.csv")))
                .hasSize(1);
        assertThat(Files.readString(report.summaryHtml())).contains("No verdicts: nothing was judged");
        JsonNode json = ReportJson.mapper().readTree(report.summaryJson().toFile());
        assertThat(json.get("phases").get(0).get("success_percent").asDouble()).isZero();
    }

    @Test
    void renders_a_run_of_only_failures_with_failures_csv_and_critical_verdict() throws IOException {
        WrittenReport report = ReportWriter.into(root).write(RunFixtures.onlyFailuresRun());

        List<String> failures = Files.readAllLines(report.directory().resolve("broken_failures.csv"));
        assertThat(failures)
                .containsExactly(
                        "Method,Name,Error,Occurrences",
                        "POST,/webhook,HTTP 500: boom,40",
                        "POST,/webhook,TimedOut: no response within 2s,10");
        assertThat(Files.readAllLines(report.directory().resolve("broken_stats.csv"))
                        .get(2))
                .startsWith(",Aggregated,50,50,");
        String html = Files.readString(report.summaryHtml());
        assertThat(html).contains("<tr class=\"critical\"><td>broken</td><td>Success rate</td>");
        assertThat(html).contains("id=\"breaches\"");
    }

    @Test
    @DisplayName("a figure that was not judged is neutral grey \"Not judged\" in the HTML and the JSON, never Good")
    void renders_not_judged_as_its_own_neutral_level() throws IOException {
        PhaseResult phase = RunFixtures.phase("short", RunFixtures.START, 2, 5, 10, 0.0, 1)
                .withJudgement(
                        List.of(new dev.infraperf.reports.model.Verdict(
                                "Throughput",
                                20,
                                "req/s",
                                dev.infraperf.reports.model.Level.NOT_JUDGED,
                                "Good stable; Not judged with fewer than 3 steady intervals",
                                "Not judged (2 steady intervals, 3 needed)")),
                        List.of());
        RunResult run = RunResult.builder("not-judged", "ShortScenario", RunFixtures.START)
                .elapsed(Duration.ofSeconds(2))
                .phase(phase)
                .build();

        WrittenReport report = ReportWriter.into(root).write(run);

        String html = Files.readString(report.summaryHtml());
        assertThat(html)
                .contains("<tr class=\"not_judged\"><td>short</td><td>Throughput</td>")
                .contains("<td class=\"level\">Not judged</td>")
                .doesNotContain("<tr class=\"good\"><td>short</td><td>Throughput</td>");
        JsonNode json = ReportJson.mapper().readTree(report.summaryJson().toFile());
        assertThat(json.get("phases").get(0).get("verdicts").get(0).get("level").asText())
                .isEqualTo("NOT_JUDGED");
    }

    @Test
    @DisplayName(
            "a ramping open phase shows its ramp and settings in the HTML and the JSON, durations as users write them")
    void renders_the_ramp_and_every_phase_setting() throws IOException {
        dev.infraperf.reports.model.PhaseSpec spec = dev.infraperf.reports.model.PhaseSpec.open(
                        100, Duration.ofSeconds(10), "Hammer")
                .withRampTo(200)
                .withSettings(Duration.ofMillis(250), 500, "socket");
        PhaseResult phase = PhaseResult.builder("ramp", spec, RunFixtures.START)
                .elapsed(Duration.ofSeconds(10))
                .build();
        RunResult run = RunResult.builder("ramp-run", "RampScenario", RunFixtures.START)
                .elapsed(Duration.ofSeconds(10))
                .phase(phase)
                .build();

        WrittenReport report = ReportWriter.into(root).write(run);

        assertThat(spec.describe()).isEqualTo("open: 100 -> 200 req/s (mean 150) for 10s");
        String html = Files.readString(report.summaryHtml());
        assertThat(html)
                .contains("open: 100 -&gt; 200 req/s (mean 150) for 10s")
                .contains("request timeout 250ms, at most 500 in flight, socket client")
                .doesNotContain("PT10S");
        JsonNode json = ReportJson.mapper().readTree(report.summaryJson().toFile());
        JsonNode written = json.get("phases").get(0).get("spec");
        assertThat(written.get("ramp_to_rate").asDouble()).isEqualTo(200);
        assertThat(written.get("max_in_flight").asInt()).isEqualTo(500);
        assertThat(ReportJson.read(report.summaryJson()).phases().get(0).spec()).isEqualTo(spec);
    }

    @Test
    void renders_a_one_hour_phase_with_360_history_rows() throws IOException {
        PhaseResult hour = RunFixtures.phase("soak", RunFixtures.START, 360, 10, 1, 30, 0.001, 7);
        RunResult run = RunResult.builder("soak-1h", "SoakScenario", RunFixtures.START)
                .elapsed(Duration.ofHours(1))
                .phase(hour)
                .build();

        WrittenReport report = ReportWriter.into(root).write(run);

        assertThat(Files.readAllLines(report.directory().resolve("soak_stats_history.csv")))
                .hasSize(361);
        assertThat(Files.readString(report.summaryHtml())).contains("<td>1h</td>");
        assertThat(ImageIO.read(report.directory()
                        .resolve("charts/throughput_timeline.png")
                        .toFile()))
                .isNotNull();
    }

    @Test
    void renders_formae_cycles_with_a_resource_state_timeline_and_checks() throws IOException {
        WrittenReport report = ReportWriter.into(root).write(RunFixtures.formaeRun());

        assertThat(report.charts()).extracting(p -> p.getFileName().toString()).contains("resource_state_timeline.png");
        String html = Files.readString(report.summaryHtml());
        assertThat(html).contains("id=\"cycles\"", "96.5%", "id=\"checks\"", "bucket perf-123 left behind");
        JsonNode json = ReportJson.mapper().readTree(report.summaryJson().toFile());
        JsonNode apply = json.get("cycles").get(0).get("commands").get(0);
        assertThat(apply.get("counts_per_state").get("Failed").asLong()).isEqualTo(7);
        assertThat(apply.get("timeline")).hasSize(31);
        assertThat(json.get("checks").get(1).get("status").asText()).isEqualTo("FAILED");
        assertThat(json.get("history_row").get("success_percent").asDouble()).isEqualTo(96.5);
    }

    @Test
    void appends_one_history_row_per_run_and_flags_a_p99_regression_against_the_previous_run() throws IOException {
        Path historyFile = root.resolve("history.jsonl");
        ReportWriter writer = ReportWriter.into(root).history(historyFile);
        writer.write(RunFixtures.loadRun("run-a", RunFixtures.START, 40));
        WrittenReport second = writer.write(RunFixtures.loadRun("run-b", RunFixtures.START.plusSeconds(3600), 80));

        assertThat(Files.readAllLines(historyFile)).hasSize(2);
        assertThat(second.comparison()).isPresent();
        RunComparison c = second.comparison().get();
        assertThat(c.previousRunId()).isEqualTo("run-a");
        assertThat(c.regressions()).extracting(Regression::metric).contains("p99 latency");
        assertThat(c.regressions().get(0).message()).contains("Expecting actual:", "to be less than or equal to:");
        String html = Files.readString(second.summaryHtml());
        assertThat(html).contains("id=\"regressions\"", "<h2>Test Iterations</h2>", "p99 &#9650;");
        assertThat(Files.readString(root.resolve("run-b").resolve(ReportFiles.HISTORY_HTML)))
                .contains("run");

        ReportWriter.rerender(second.directory(), java.util.Optional.of(historyFile), RegressionTolerance.DEFAULT);
        assertThat(Files.readAllLines(historyFile))
                .as("re-rendering never appends")
                .hasSize(2);
    }

    @Test
    void does_not_flag_a_run_within_the_tolerance() {
        ReportWriter writer = ReportWriter.into(root);
        writer.write(RunFixtures.loadRun("run-a", RunFixtures.START, 40));
        WrittenReport second = writer.write(RunFixtures.loadRun("run-b", RunFixtures.START.plusSeconds(60), 40));

        assertThat(second.comparison())
                .hasValueSatisfying(c -> assertThat(c.hasRegressions()).isFalse());
    }

    @Test
    void declares_every_written_json_field_in_the_documented_schema() throws IOException {
        Path schemaFile = Path.of("..", "docs", "experiment_summary.schema.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(schemaFile), "docs/experiment_summary.schema.json not next to the module");
        JsonNode schema = ReportJson.mapper().readTree(schemaFile.toFile());
        JsonNode json = ReportJson.mapper().readTree(shared.summaryJson().toFile());

        List<String> top = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(top::add);
        assertThat(top).allSatisfy(f -> assertThat(schema.get("properties").has(f))
                .as("top-level field %s in schema", f)
                .isTrue());
        JsonNode phaseProperties = schema.get("$defs").get("phase").get("properties");
        json.get("phases").get(0).fieldNames().forEachRemaining(f -> assertThat(phaseProperties.has(f))
                .as("phase field %s in schema", f)
                .isTrue());
        JsonNode specProperties = phaseProperties.get("spec").get("properties");
        json.get("phases").get(0).get("spec").fieldNames().forEachRemaining(f -> assertThat(specProperties.has(f))
                .as("spec field %s in schema", f)
                .isTrue());
        JsonNode latencyProperties = schema.get("$defs").get("latency").get("properties");
        json.get("phases").get(0).get("raw").fieldNames().forEachRemaining(f -> assertThat(latencyProperties.has(f))
                .as("latency field %s in schema", f)
                .isTrue());
    }
}

package dev.infraperf.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

@DisplayName("RunReport")
class RunReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    static Path results;
    static Path allure;
    static TestExecutionSummary summary;

    @BeforeAll
    static void runScenario() {
        results = root.resolve("perf-results");
        allure = root.resolve("allure-results");
        summary = ReportFixtures.run(ReportFixtures.ThroughputScenario.class, results, allure);
    }

    private static List<JsonNode> allureResults() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(allure)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                out.add(JSON.readTree(f.toFile()));
            }
        }
        return out;
    }

    private static JsonNode result(String nameStart) throws IOException {
        return allureResults().stream()
                .filter(r -> r.get("name").asText().contains(nameStart))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Allure result named " + nameStart + "*"));
    }

    @Test
    void writes_one_run_directory_per_test_class_under_perf_results_dir() throws IOException {
        assertThat(summary.getTestsSucceededCount())
                .as(summary.getFailures().toString())
                .isEqualTo(1);
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(results)) {
            runs = dirs.filter(Files::isDirectory).toList();
        }
        assertThat(runs).hasSize(1);
        Path run = runs.get(0);
        assertThat(run.getFileName().toString()).matches("\\d{8}-\\d{6}-ThroughputScenario");
        assertThat(run.resolve("experiment_summary.html")).isRegularFile();
        assertThat(run.resolve("throughput_baseline_stats.csv")).isRegularFile();
        assertThat(run.resolve("throughput_baseline.hlog")).isRegularFile();
        assertThat(run.resolve("charts/percentile_chart.png")).isRegularFile();
        JsonNode json = JSON.readTree(run.resolve("experiment_summary.json").toFile());
        assertThat(json.get("time_scale").asDouble()).isEqualTo(0.025);
        assertThat(json.get("resolutions").toString()).contains("Redis: redis-server 7.0.15");
        assertThat(results.resolve("history.jsonl")).isRegularFile();
    }

    @Test
    void records_steps_attachments_labels_and_links_on_the_running_test() throws IOException {
        JsonNode test = result("throughput_baseline");
        List<String> steps = new ArrayList<>();
        test.get("steps").forEach(s -> steps.add(s.get("name").asText()));
        assertThat(steps).containsExactly("phase throughput_baseline", "apply 200 resources", "report " + runId());

        JsonNode report = test.get("steps").get(2);
        List<String> attached = new ArrayList<>();
        report.get("attachments").forEach(a -> attached.add(a.get("name").asText()));
        assertThat(attached)
                .contains(
                        "experiment_summary.html",
                        "experiment_summary.json",
                        "latency_distribution.png",
                        "percentile_chart.png",
                        "throughput_timeline.png",
                        "success_failure_rate.png",
                        "throughput_baseline_stats.csv",
                        "throughput_baseline_stats_history.csv",
                        "throughput_baseline_failures.csv");
        assertThat(test.get("steps")
                        .get(1)
                        .get("attachments")
                        .get(0)
                        .get("name")
                        .asText())
                .isEqualTo("command status");
        assertThat(test.get("attachments").get(0).get("name").asText()).isEqualTo("agent log (2 ERR lines)");

        assertThat(labels(test)).contains("epic=Formae", "feature=experiment", "severity=critical", "tag=bug-7");
        assertThat(test.get("links").toString()).contains("issues/7", "\"type\":\"issue\"");
    }

    @Test
    void records_class_level_steps_in_a_run_report_test_case() throws IOException {
        JsonNode fallback = result("ThroughputScenario - run report");
        assertThat(fallback.get("status").asText()).isEqualTo("passed");
        assertThat(fallback.get("steps").get(0).get("name").asText()).isEqualTo("audit cloud after destroy");
        assertThat(labels(fallback))
                .contains("suite=" + ReportFixtures.ThroughputScenario.class.getName(), "epic=Formae");
    }

    @Test
    void writes_environment_properties_with_versions_scales_and_resolution_lines() throws IOException {
        String env = Files.readString(allure.resolve("environment.properties"));
        assertThat(env)
                .contains("java.version=", "infra-perf.version=", "perf.timeScale=0.025")
                .contains("part.Redis=redis-server 7.0.15 started on 127.0.0.1\\:41235 (no REDIS_URL, no Docker)")
                .contains("part.TerraFix=mock-terrafix started");
    }

    @Test
    void no_secret_reaches_the_allure_results_or_the_run_directory() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> a = Files.walk(root)) {
            a.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".png"))
                    .forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path f : files) {
            assertThat(Files.readString(f))
                    .as(f.toString())
                    .doesNotContain(ReportFixtures.ACCESS_KEY, ReportFixtures.PASSWORD);
        }
    }

    private static String runId() throws IOException {
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.filter(Files::isDirectory)
                    .findFirst()
                    .orElseThrow()
                    .getFileName()
                    .toString();
        }
    }

    private static List<String> labels(JsonNode test) {
        List<String> out = new ArrayList<>();
        test.get("labels")
                .forEach(l ->
                        out.add(l.get("name").asText() + "=" + l.get("value").asText()));
        return out;
    }
}

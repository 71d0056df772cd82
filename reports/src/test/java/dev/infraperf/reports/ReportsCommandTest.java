package dev.infraperf.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.reports.cli.ReportsCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("reports command line")
class ReportsCommandTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ReportsCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void render_rebuilds_html_charts_and_csvs_from_the_json_and_logs() throws IOException {
        WrittenReport report = ReportWriter.into(root).write(RunFixtures.onlyFailuresRun());
        Files.delete(report.summaryHtml());
        Files.delete(report.directory().resolve("charts/percentile_chart.png"));
        Files.delete(report.directory().resolve("broken_stats_history.csv"));

        int code = run("render", report.directory().toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(report.summaryHtml()).isRegularFile();
        assertThat(report.directory().resolve("charts/percentile_chart.png")).isRegularFile();
        assertThat(Files.readAllLines(report.directory().resolve("broken_stats_history.csv")))
                .hasSize(3);
        assertThat(out.toString()).contains("rendered ");
    }

    @TempDir
    static Path runs;

    static Path a;
    static Path b;

    @BeforeAll
    static void writeTwoRuns() {
        ReportWriter writer = ReportWriter.into(runs).history(null);
        a = writer.write(RunFixtures.loadRun("run-a", RunFixtures.START, 40)).directory();
        b = writer.write(RunFixtures.loadRun("run-b", RunFixtures.START.plusSeconds(60), 90))
                .directory();
    }

    @Test
    void compare_exits_1_and_prints_the_regression_when_the_later_run_is_slower() {
        assertThat(run("compare", a.toString(), b.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("REGRESSION", "p99 latency regressed", "Expecting actual:");
    }

    @Test
    void compare_exits_0_for_the_same_run() {
        assertThat(run("compare", a.toString(), a.toString())).isZero();
        assertThat(out.toString()).contains("no regression");
    }

    @Test
    void render_of_a_directory_without_summary_names_the_missing_file() {
        assertThat(run("render", root.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a run directory: it has no experiment_summary.json");
    }
}

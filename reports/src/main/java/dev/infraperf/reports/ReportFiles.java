package dev.infraperf.reports;

import dev.infraperf.reports.model.PhaseResult;

/** File names inside a run directory; one place so the writer, the CLI and the docs agree. */
public final class ReportFiles {
    /** The JSON summary. */
    public static final String SUMMARY_JSON = "experiment_summary.json";
    /** The self-contained HTML summary. */
    public static final String SUMMARY_HTML = "experiment_summary.html";
    /** Directory of the PNG charts, as in the load testing guide. */
    public static final String CHARTS_DIR = "charts";

    public static final String LATENCY_DISTRIBUTION = "latency_distribution.png";
    public static final String PERCENTILE_CHART = "percentile_chart.png";
    public static final String THROUGHPUT_TIMELINE = "throughput_timeline.png";
    public static final String SUCCESS_FAILURE_RATE = "success_failure_rate.png";
    public static final String RESOURCE_STATE_TIMELINE = "resource_state_timeline.png";
    /** The run-history table with trends, next to the summary. */
    public static final String HISTORY_HTML = "history.html";

    private ReportFiles() {}

    /** A phase (or cycle) name made safe as a file prefix. */
    public static String prefix(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        return safe.isEmpty() ? "phase" : safe;
    }

    public static String statsCsv(PhaseResult phase) {
        return prefix(phase.name()) + "_stats.csv";
    }

    public static String statsHistoryCsv(PhaseResult phase) {
        return prefix(phase.name()) + "_stats_history.csv";
    }

    public static String failuresCsv(PhaseResult phase) {
        return prefix(phase.name()) + "_failures.csv";
    }

    public static String histogramLog(PhaseResult phase) {
        return prefix(phase.name()) + ".hlog";
    }
}

package dev.infraperf.reports;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ReportWriter} wrote for one run.
 *
 * @param directory the run directory
 * @param summaryJson {@code experiment_summary.json}
 * @param summaryHtml {@code experiment_summary.html}
 * @param csvFiles the Locust-compatible CSVs, three per phase
 * @param histogramLogs one HdrHistogram log per phase
 * @param charts the PNG charts under {@code charts/}
 * @param comparison the comparison with the previous run of the same test, if there was one
 */
public record WrittenReport(
        Path directory,
        Path summaryJson,
        Path summaryHtml,
        List<Path> csvFiles,
        List<Path> histogramLogs,
        List<Path> charts,
        Optional<RunComparison> comparison) {
    public WrittenReport {
        csvFiles = List.copyOf(csvFiles);
        histogramLogs = List.copyOf(histogramLogs);
        charts = List.copyOf(charts);
    }
}

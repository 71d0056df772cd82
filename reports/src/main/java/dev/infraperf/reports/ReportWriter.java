package dev.infraperf.reports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infraperf.reports.model.HistoryRow;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a run's directory: per phase the Locust-compatible CSVs and an HdrHistogram log, the JSON
 * and HTML summaries, the PNG charts, the history row and the comparison with the previous run of
 * the same test. Secrets are masked before anything is written ({@link SecretMask}).
 *
 * <pre>{@code
 * WrittenReport report = ReportWriter.into(Path.of("target/perf-results"))
 *         .history(Path.of("perf-history.jsonl"))
 *         .tolerance(new RegressionTolerance(20, 1))
 *         .write(run);   // target/perf-results/<run-id>/...
 * }</pre>
 *
 * <p>Instances are immutable; {@code write} may be called from several threads for different runs.
 */
public final class ReportWriter {
    /** Configuration key of the results root; runs go to {@code <root>/<run-id>/}. */
    public static final String RESULTS_DIR_KEY = "perf.results.dir";
    /** Configuration key of the history file. */
    public static final String HISTORY_FILE_KEY = "perf.history.file";
    /** Default results root, relative to the working directory (the Maven module). */
    public static final String DEFAULT_RESULTS_DIR = "target/perf-results";
    /** Default history file name inside the results root. */
    public static final String DEFAULT_HISTORY_FILE = "history.jsonl";

    private final Path root;
    private final Optional<Path> history;
    private final RegressionTolerance tolerance;

    private ReportWriter(Path root, Optional<Path> history, RegressionTolerance tolerance) {
        this.root = root;
        this.history = history;
        this.tolerance = tolerance;
    }

    /** A writer into {@code root}, with the history in {@code root/history.jsonl} and default tolerance. */
    public static ReportWriter into(Path root) {
        return new ReportWriter(root, Optional.of(root.resolve(DEFAULT_HISTORY_FILE)), RegressionTolerance.DEFAULT);
    }

    /** The same writer keeping the history in {@code file}; {@code null} keeps no history. */
    public ReportWriter history(Path file) {
        return new ReportWriter(root, Optional.ofNullable(file), tolerance);
    }

    /** The same writer with another regression tolerance. */
    public ReportWriter tolerance(RegressionTolerance value) {
        return new ReportWriter(root, history, value);
    }

    public Path root() {
        return root;
    }

    public Optional<Path> historyFile() {
        return history;
    }

    /** The directory {@code run} is written to. */
    public Path directoryOf(RunResult run) {
        return root.resolve(run.runId());
    }

    /** Writes everything of {@code run} and appends its row to the history. */
    public WrittenReport write(RunResult run) {
        return render(run, directoryOf(run), true);
    }

    /**
     * Re-renders a run directory from its {@code experiment_summary.json} and {@code .hlog} files:
     * charts, CSVs and HTML are rewritten; the history is read but not appended to.
     */
    public static WrittenReport rerender(Path runDir, Optional<Path> historyFile, RegressionTolerance tolerance) {
        Path json = runDir.resolve(ReportFiles.SUMMARY_JSON);
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(
                    runDir + " is not a run directory: it has no " + ReportFiles.SUMMARY_JSON);
        }
        RunResult run = withLogs(ReportJson.read(json), runDir);
        return new ReportWriter(runDir.getParent() == null ? runDir : runDir.getParent(), historyFile, tolerance)
                .render(run, runDir, false);
    }

    /** Reads a run directory back: the summary plus the interval histograms from the logs. */
    public static RunResult read(Path runDir) {
        Path json = runDir.resolve(ReportFiles.SUMMARY_JSON);
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(
                    runDir + " is not a run directory: it has no " + ReportFiles.SUMMARY_JSON);
        }
        return withLogs(ReportJson.read(json), runDir);
    }

    private static RunResult withLogs(RunResult run, Path runDir) {
        List<PhaseResult> phases = new ArrayList<>();
        for (PhaseResult p : run.phases()) {
            phases.add(p.withHistograms(HistogramLogs.read(runDir.resolve(ReportFiles.histogramLog(p)))));
        }
        return replacePhases(run, phases);
    }

    private WrittenReport render(RunResult original, Path dir, boolean appendHistory) {
        // Mask once, through the JSON tree, so every renderer sees only masked text.
        ObjectNode tree = ReportJson.toTree(original);
        List<PhaseResult> phases = new ArrayList<>();
        RunResult parsed = ReportJson.fromTree(tree);
        for (int i = 0; i < parsed.phases().size(); i++) {
            phases.add(parsed.phases()
                    .get(i)
                    .withHistograms(original.phases().get(i).histograms()));
        }
        RunResult run = replacePhases(parsed, phases);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
        List<Path> csvs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (PhaseResult p : run.phases()) {
            LocustCsv.write(p, dir);
            csvs.add(dir.resolve(ReportFiles.statsCsv(p)));
            csvs.add(dir.resolve(ReportFiles.statsHistoryCsv(p)));
            csvs.add(dir.resolve(ReportFiles.failuresCsv(p)));
            Path log = dir.resolve(ReportFiles.histogramLog(p));
            HistogramLogs.write(p, log);
            logs.add(log);
        }

        HistoryRow row = run.toHistoryRow();
        Optional<RunComparison> comparison = Optional.empty();
        List<HistoryRow> rows = List.of();
        if (history.isPresent()) {
            RunHistory h = RunHistory.at(history.get());
            Optional<HistoryRow> previous = h.previous(row);
            Optional<RunResult> previousRun = previous.flatMap(p -> readSibling(dir, p.runId()));
            comparison = previousRun.isPresent()
                    ? Optional.of(RunComparison.of(previousRun.get(), run, tolerance))
                    : previous.map(p -> RunComparison.of(p, row, tolerance));
            if (appendHistory) {
                h.append(row);
            }
            rows = h.rows();
            writeString(dir.resolve(ReportFiles.HISTORY_HTML), HtmlSummary.historyPage(rows, Instant.now()));
        }

        tree.set("history_row", ReportJson.mapper().valueToTree(row));
        if (comparison.isPresent()) {
            tree.set("comparison", ReportJson.mapper().valueToTree(comparison.get()));
        }
        SecretMask.maskTree(tree);
        Path json = dir.resolve(ReportFiles.SUMMARY_JSON);
        ReportJson.write(tree, json);

        List<Path> charts = Charts.writeAll(run, dir.resolve(ReportFiles.CHARTS_DIR));
        Path html = dir.resolve(ReportFiles.SUMMARY_HTML);
        HtmlSummary.write(run, charts, comparison, rows.isEmpty() ? List.of(row) : rows, html);
        return new WrittenReport(dir, json, html, csvs, logs, charts, comparison);
    }

    /** The previous run's directory, when it sits next to this one (same results root). */
    private static Optional<RunResult> readSibling(Path dir, String runId) {
        if (runId.isEmpty() || dir.getParent() == null) {
            return Optional.empty();
        }
        Path sibling = dir.getParent().resolve(runId);
        if (!Files.isRegularFile(sibling.resolve(ReportFiles.SUMMARY_JSON))) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReportJson.read(sibling.resolve(ReportFiles.SUMMARY_JSON)));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static RunResult replacePhases(RunResult r, List<PhaseResult> phases) {
        return new RunResult(
                r.runId(),
                r.testName(),
                r.startedAt(),
                r.elapsed(),
                r.gitCommit(),
                r.config(),
                r.timeScale(),
                r.resourceScale(),
                r.resolutions(),
                phases,
                r.bottleneck(),
                r.cycles(),
                r.checks(),
                r.notes());
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

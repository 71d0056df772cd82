package dev.infraperf.reports;

import dev.infraperf.reports.model.Breach;
import dev.infraperf.reports.model.CheckOutcome;
import dev.infraperf.reports.model.CommandOutcome;
import dev.infraperf.reports.model.CycleResult;
import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.FailureSample;
import dev.infraperf.reports.model.HistoryRow;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.Level;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.RunResult;
import dev.infraperf.reports.model.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders {@code experiment_summary.html}: one file with inline CSS and the charts embedded as
 * Base64 PNGs, no script and no external reference, so it opens offline and from an archive. The
 * verdict table comes first and is coloured Good / Warning / Critical.
 */
final class HtmlSummary {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private static final String CSS =
            """
            body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:24px;color:#212121;background:#fafafa}
            h1,h2,td,th,code,.meta{overflow-wrap:anywhere}h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid #e0e0e0;padding-bottom:4px}
            .meta{color:#555;margin:2px 0}.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
            table{border-collapse:collapse;background:#fff;margin:6px 0 12px;min-width:50%}
            th,td{border:1px solid #ddd;padding:5px 9px;text-align:left;font-size:14px;vertical-align:top}
            th{background:#eceff1}td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.good td.level,.badge.good{background:#2e7d32;color:#fff}
            tr.warning td.level,.badge.warning{background:#f9a825;color:#212121}
            tr.critical td.level,.badge.critical{background:#c62828;color:#fff}
            tr.not_judged td.level,.badge.not_judged{background:#9e9e9e;color:#fff}
            tr.good{background:#e8f5e9}tr.warning{background:#fff8e1}tr.critical{background:#ffebee}
            tr.passed td.status{background:#2e7d32;color:#fff}tr.failed td.status{background:#c62828;color:#fff}
            tr.skipped td.status{background:#9e9e9e;color:#fff}tr.inconclusive td.status{background:#f9a825;color:#000}
            .up{color:#c62828}.down{color:#2e7d32}.flat{color:#757575}
            .regression{color:#c62828;font-weight:600}pre{background:#fff;border:1px solid #ddd;padding:8px;overflow:auto;font-size:13px}
            img.chart{max-width:100%;border:1px solid #ddd;background:#fff;margin:6px 0}
            .note{color:#555;font-size:13px}details{margin:4px 0}
            """;

    private HtmlSummary() {}

    static void write(
            RunResult run, List<Path> charts, Optional<RunComparison> comparison, List<HistoryRow> history, Path file) {
        try {
            Files.writeString(file, render(run, charts, comparison, history));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String render(
            RunResult run, List<Path> charts, Optional<RunComparison> comparison, List<HistoryRow> history) {
        StringBuilder h = new StringBuilder(64 * 1024);
        Level worst = run.worstLevel();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>")
                .append(esc(run.testName()))
                .append(" - experiment summary</title><style>")
                .append(CSS)
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(run.testName())).append(" ");
        h.append("<span class=\"badge ")
                .append(css(worst))
                .append("\" id=\"overall-level\">")
                .append(worst.label())
                .append("</span></h1>\n");
        h.append("<p class=\"meta\">Run <code>")
                .append(esc(run.runId()))
                .append("</code>, started ")
                .append(TIME.format(run.startedAt()))
                .append(", took ")
                .append(duration(run.elapsed()))
                .append(run.gitCommit()
                        .map(c -> ", commit <code>" + esc(c) + "</code>")
                        .orElse(""))
                .append("</p>\n");
        h.append("<p class=\"meta\">Time scale ")
                .append(Charts.fmt(run.timeScale()))
                .append(", resource scale ")
                .append(Charts.fmt(run.resourceScale()))
                .append(run.timeScale() != 1 ? " - durations were shortened; compare only runs of the same scale" : "")
                .append("</p>\n");

        verdicts(h, run);
        breaches(h, run);
        comparison.ifPresent(c -> comparison(h, c));
        if (!run.phases().isEmpty()) {
            phases(h, run);
        }
        run.bottleneck().ifPresent(b -> {
            h.append("<h2>Bottleneck</h2><p><b>")
                    .append(esc(b.kind()))
                    .append("</b>: ")
                    .append(esc(b.summary()))
                    .append("</p>");
            if (!b.evidence().isEmpty()) {
                h.append("<ul>");
                b.evidence().forEach(e -> h.append("<li>").append(esc(e)).append("</li>"));
                h.append("</ul>\n");
            }
        });
        if (!run.cycles().isEmpty()) {
            cycles(h, run);
        }
        if (!run.checks().isEmpty()) {
            checks(h, run);
        }
        history(h, run, history);
        if (!charts.isEmpty()) {
            h.append("<h2>Charts</h2>\n");
            for (Path chart : charts) {
                h.append("<figure><img class=\"chart\" alt=\"")
                        .append(esc(chart.getFileName().toString()))
                        .append("\" src=\"data:image/png;base64,")
                        .append(base64(chart))
                        .append("\"><figcaption class=\"note\">")
                        .append(esc(ReportFiles.CHARTS_DIR + "/" + chart.getFileName()))
                        .append("</figcaption></figure>\n");
            }
        }
        files(h, run);
        config(h, run);
        h.append("<p class=\"note\">Latencies are measured in nanoseconds with HdrHistogram and shown in ms. "
                + "<i>Raw</i> is measured from the actual send, <i>corrected</i> from the intended start "
                + "(coordinated omission). Thresholds: P50 &lt; 100 ms good, 100-500 warning, &gt; 500 critical; "
                + "P99 &lt; 1 s good, 1-5 s warning, &gt; 5 s critical; success &gt; 99% good, 95-99% warning, "
                + "&lt; 95% critical; throughput stable / fluctuating / declining. Latency verdicts judge the "
                + "successful requests only; when the success rate is Critical, a latency or throughput figure that "
                + "would read Good is <i>Not judged</i> instead (it says nothing of a service that failed), and so "
                + "is a figure with too little data. <i>Not judged</i> is neutral: never Good, never a breach.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void verdicts(StringBuilder h, RunResult run) {
        h.append("<h2>Verdicts</h2>\n<table id=\"verdicts\" class=\"verdicts\"><thead><tr><th>Phase</th>"
                + "<th>Metric</th><th>Value</th><th>Level</th><th>Rule</th></tr></thead><tbody>\n");
        int rows = 0;
        for (PhaseResult p : run.phases()) {
            for (Verdict v : p.verdicts()) {
                h.append("<tr class=\"")
                        .append(css(v.level()))
                        .append("\"><td>")
                        .append(esc(p.name()))
                        .append("</td><td>")
                        .append(esc(v.metric()))
                        .append("</td><td class=\"num\">")
                        .append(esc(v.display()))
                        .append("</td><td class=\"level\">")
                        .append(v.level().label())
                        .append("</td><td>")
                        .append(esc(v.rule()))
                        .append("</td></tr>\n");
                rows++;
            }
        }
        for (CycleResult c : run.cycles()) {
            for (CommandOutcome cmd : c.commands()) {
                Level level = cmd.total() == 0
                        ? Level.WARNING
                        : cmd.successPercent() > 99
                                ? Level.GOOD
                                : cmd.successPercent() >= 95 ? Level.WARNING : Level.CRITICAL;
                h.append("<tr class=\"")
                        .append(css(level))
                        .append("\"><td>")
                        .append(esc(c.name()))
                        .append("</td><td>")
                        .append(esc(cmd.operation()))
                        .append(" success rate</td><td class=\"num\">")
                        .append(pct(cmd.successPercent()))
                        .append(" of ")
                        .append(cmd.total())
                        .append("</td><td class=\"level\">")
                        .append(level.label())
                        .append("</td><td>Good &gt; 99%, Warning 95-99%, Critical &lt; 95%</td></tr>\n");
                rows++;
            }
        }
        if (rows == 0) {
            h.append("<tr><td colspan=\"5\">No verdicts: nothing was judged in this run.</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void breaches(StringBuilder h, RunResult run) {
        List<String> items = new ArrayList<>();
        for (PhaseResult p : run.phases()) {
            for (Breach b : p.breaches()) {
                items.add("<tr class=\"" + css(b.level()) + "\"><td>" + esc(p.name()) + "</td><td>" + esc(b.metric())
                        + "</td><td>" + esc(b.expected()) + "</td><td>" + esc(b.actual()) + "</td><td class=\"level\">"
                        + b.level().label() + "</td></tr>\n");
            }
        }
        if (items.isEmpty()) {
            return;
        }
        h.append("<h2>Breaches</h2>\n<table id=\"breaches\"><thead><tr><th>Phase</th><th>Metric</th><th>Expected</th>"
                + "<th>Actual</th><th>Level</th></tr></thead><tbody>\n");
        items.forEach(h::append);
        h.append("</tbody></table>\n");
    }

    private static void comparison(StringBuilder h, RunComparison c) {
        h.append("<h2>Compared with the previous run</h2>\n<p class=\"meta\">Previous run <code>")
                .append(esc(c.previousRunId()))
                .append("</code>; tolerance p99 +")
                .append(Charts.fmt(c.tolerance().p99IncreasePercent()))
                .append("%, success rate -")
                .append(Charts.fmt(c.tolerance().successDropPoints()))
                .append(" points.</p>\n");
        if (c.hasRegressions()) {
            h.append("<p class=\"regression\" id=\"regressions\">")
                    .append(c.regressions().size())
                    .append(" regression(s):</p><ul>");
            c.regressions().forEach(r -> h.append("<li class=\"regression\">")
                    .append(esc(r.scope() + " " + r.metric() + ": " + r.previous() + " -> " + r.current()))
                    .append("</li>"));
            h.append("</ul>\n");
        } else {
            h.append("<p>No regression beyond the tolerance.</p>\n");
        }
        h.append("<ul>");
        c.lines().forEach(l -> h.append("<li>").append(esc(l)).append("</li>"));
        h.append("</ul>\n");
    }

    private static void phases(StringBuilder h, RunResult run) {
        h.append("<h2>Phases</h2>\n<table id=\"phases\"><thead><tr><th>Phase</th><th>Load</th><th>Elapsed</th>"
                + "<th>Issued</th><th>Succeeded</th><th>Failed</th><th>Timed out</th><th>Dropped</th><th>req/s</th>"
                + "<th>p50 / p95 / p99 raw (ms)</th><th>p50 / p95 / p99 corrected (ms)</th>"
                + "<th title=\"open model: actual start - intended start of each arrival\">schedule error p50 / p99 /"
                + " max (ms)</th></tr></thead><tbody>\n");
        for (PhaseResult p : run.phases()) {
            h.append("<tr class=\"")
                    .append(css(p.worstLevel()))
                    .append("\"><td>")
                    .append(esc(p.name()))
                    .append("</td><td>")
                    .append(esc(p.spec().describe()))
                    .append(
                            p.spec().behaviour().isEmpty()
                                    ? ""
                                    : ", " + esc(p.spec().behaviour()))
                    .append(
                            p.spec().describeSettings().isEmpty()
                                    ? ""
                                    : "<br><span class=\"note\">" + esc(p.spec().describeSettings()) + "</span>")
                    .append("</td><td>")
                    .append(duration(p.elapsed()))
                    .append("</td>")
                    .append(num(p.counts().issued()))
                    .append(num(p.counts().succeeded()))
                    .append(num(p.counts().failed()))
                    .append(num(p.counts().timedOut()))
                    .append(num(p.counts().dropped()))
                    .append("<td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.2f", p.requestsPerSecond()))
                    .append("</td><td class=\"num\">")
                    .append(triple(p.raw()))
                    .append("</td><td class=\"num\">")
                    .append(triple(p.corrected()))
                    .append("</td><td class=\"num\">")
                    .append(scheduleError(p.scheduleError()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        for (PhaseResult p : run.phases()) {
            if (p.endpoints().isEmpty() && p.failures().isEmpty()) {
                continue;
            }
            h.append("<details><summary>").append(esc(p.name())).append(": endpoints and failures</summary>\n");
            if (!p.endpoints().isEmpty()) {
                h.append("<table><thead><tr><th>Method</th><th>Name</th><th>Issued</th><th>Not succeeded</th>"
                        + "<th>p50 / p95 / p99 raw (ms)</th><th>p50 / p95 / p99 corrected (ms)</th></tr></thead>"
                        + "<tbody>\n");
                for (EndpointStats e : p.endpoints()) {
                    h.append("<tr><td>")
                            .append(esc(e.method()))
                            .append("</td><td>")
                            .append(esc(e.name()))
                            .append("</td>")
                            .append(num(e.counts().issued()))
                            .append(num(e.counts().unsuccessful()))
                            .append("<td class=\"num\">")
                            .append(triple(e.raw()))
                            .append("</td><td class=\"num\">")
                            .append(triple(e.corrected()))
                            .append("</td></tr>\n");
                }
                h.append("</tbody></table>\n");
            }
            if (!p.failures().isEmpty()) {
                h.append("<table><thead><tr><th>Kind</th><th>Method</th><th>Name</th><th>Error</th>"
                        + "<th>Occurrences</th></tr></thead><tbody>\n");
                for (FailureSample f : p.failures()) {
                    h.append("<tr><td>")
                            .append(f.kind())
                            .append("</td><td>")
                            .append(esc(f.method()))
                            .append("</td><td>")
                            .append(esc(f.name()))
                            .append("</td><td>")
                            .append(esc(f.message()))
                            .append("</td>")
                            .append(num(f.occurrences()))
                            .append("</tr>\n");
                }
                h.append("</tbody></table>\n");
            }
            h.append("</details>\n");
        }
    }

    private static void cycles(StringBuilder h, RunResult run) {
        h.append("<h2>Formae cycles</h2>\n<table id=\"cycles\"><thead><tr><th>Cycle</th><th>Resources</th>"
                + "<th>Command</th><th>Id</th><th>Final state</th><th>Updates per state</th><th>Success</th>"
                + "<th>Failed</th><th>Duration</th></tr></thead><tbody>\n");
        for (CycleResult c : run.cycles()) {
            for (CommandOutcome cmd : c.commands()) {
                StringBuilder states = new StringBuilder();
                for (Map.Entry<String, Long> e : new java.util.TreeMap<>(cmd.countsPerState()).entrySet()) {
                    states.append(esc(e.getKey()))
                            .append(": ")
                            .append(e.getValue())
                            .append("<br>");
                }
                h.append("<tr><td>")
                        .append(esc(c.name()))
                        .append("</td>")
                        .append(num(c.resourceCount()))
                        .append("<td>")
                        .append(esc(cmd.operation()))
                        .append("</td><td><code>")
                        .append(esc(cmd.commandId()))
                        .append("</code></td><td>")
                        .append(esc(cmd.finalState()))
                        .append("</td><td>")
                        .append(states)
                        .append("</td><td class=\"num\">")
                        .append(pct(cmd.successPercent()))
                        .append("</td><td class=\"num\">")
                        .append(pct(cmd.failedPercent()))
                        .append("</td><td>")
                        .append(duration(cmd.duration()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</tbody></table>\n");
        for (CycleResult c : run.cycles()) {
            for (CommandOutcome cmd : c.commands()) {
                if (!cmd.errorLines().isEmpty()) {
                    h.append("<details><summary>")
                            .append(esc(c.name() + " " + cmd.operation()))
                            .append(": ")
                            .append(cmd.errorLines().size())
                            .append(" agent log ERR lines</summary><pre>");
                    cmd.errorLines().forEach(l -> h.append(esc(l)).append('\n'));
                    h.append("</pre></details>\n");
                }
            }
        }
    }

    private static void checks(StringBuilder h, RunResult run) {
        h.append("<h2>Regression checks</h2>\n<table id=\"checks\"><thead><tr><th>Check</th><th>Bug</th>"
                + "<th>Status</th><th>Message</th></tr></thead><tbody>\n");
        for (CheckOutcome c : run.checks()) {
            String bug = c.bugNumber().isPresent() ? "#" + c.bugNumber().getAsInt() : "";
            if (c.link().isPresent()) {
                bug = "<a href=\"" + esc(c.link().get()) + "\">" + (bug.isEmpty() ? "link" : bug) + "</a>";
            }
            h.append("<tr class=\"")
                    .append(c.status().name().toLowerCase(Locale.ROOT))
                    .append("\"><td>")
                    .append(esc(c.displayName()))
                    .append("</td><td>")
                    .append(bug)
                    .append("</td><td class=\"status\">")
                    .append(c.status())
                    .append("</td><td>")
                    .append(esc(c.message()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** The Formae plan's "Test Iterations" table (newest first) for this run's test, with trends. */
    static void history(StringBuilder h, RunResult run, List<HistoryRow> history) {
        List<HistoryRow> mine =
                history.stream().filter(r -> r.test().equals(run.testName())).toList();
        if (mine.isEmpty()) {
            return;
        }
        h.append("<h2>Test Iterations</h2>\n");
        iterationsTable(h, mine);
    }

    /** Renders rows (oldest first in, newest first out) as the "Test Iterations" table. */
    static void iterationsTable(StringBuilder h, List<HistoryRow> rows) {
        h.append("<table id=\"history\"><thead><tr><th>Date</th><th>Test</th><th>Count</th><th>Success</th>"
                + "<th>Failed</th><th>Duration</th><th>p99</th><th>Trend</th><th>Notes</th></tr></thead><tbody>\n");
        for (int i = rows.size() - 1; i >= 0; i--) {
            HistoryRow r = rows.get(i);
            HistoryRow before = null;
            for (int j = i - 1; j >= 0; j--) {
                if (rows.get(j).test().equals(r.test())) {
                    before = rows.get(j);
                    break;
                }
            }
            h.append("<tr><td>")
                    .append(DAY.format(r.date()))
                    .append("</td><td>")
                    .append(esc(r.test()))
                    .append("</td><td class=\"num\">")
                    .append(r.count())
                    .append(" ")
                    .append(esc(r.countUnit()))
                    .append("</td><td class=\"num\">")
                    .append(pct(r.successPercent()))
                    .append("</td><td class=\"num\">")
                    .append(pct(r.failedPercent()))
                    .append("</td><td>~")
                    .append(duration(r.duration()))
                    .append("</td><td class=\"num\">")
                    .append(
                            r.p99Nanos().isPresent()
                                    ? Charts.fmt(LatencySummary.millis(
                                                    r.p99Nanos().getAsLong())) + " ms"
                                    : "")
                    .append("</td><td>")
                    .append(trend(before, r))
                    .append("</td><td>")
                    .append(esc(r.notes()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String trend(HistoryRow before, HistoryRow now) {
        if (before == null) {
            return "<span class=\"flat\">first run</span>";
        }
        double ds = now.successPercent() - before.successPercent();
        String success = Math.abs(ds) < 0.05
                ? "<span class=\"flat\">success =</span>"
                : ds > 0
                        ? String.format(Locale.ROOT, "<span class=\"down\">success &#9650; %+.1f</span>", ds)
                        : String.format(Locale.ROOT, "<span class=\"up\">success &#9660; %+.1f</span>", ds);
        if (before.p99Nanos().isEmpty()
                || now.p99Nanos().isEmpty()
                || before.p99Nanos().getAsLong() == 0) {
            return success;
        }
        double dp = 100.0
                * (now.p99Nanos().getAsLong() - before.p99Nanos().getAsLong())
                / before.p99Nanos().getAsLong();
        String p99 = Math.abs(dp) < 1
                ? "<span class=\"flat\">p99 =</span>"
                : dp > 0
                        ? String.format(Locale.ROOT, "<span class=\"up\">p99 &#9650; %+.0f%%</span>", dp)
                        : String.format(Locale.ROOT, "<span class=\"down\">p99 &#9660; %+.0f%%</span>", dp);
        return success + ", " + p99;
    }

    private static void files(StringBuilder h, RunResult run) {
        if (run.phases().isEmpty()) {
            return;
        }
        h.append("<h2>Files</h2><ul class=\"note\">");
        for (PhaseResult p : run.phases()) {
            for (String f : List.of(
                    ReportFiles.statsCsv(p),
                    ReportFiles.statsHistoryCsv(p),
                    ReportFiles.failuresCsv(p),
                    ReportFiles.histogramLog(p))) {
                h.append("<li><a href=\"")
                        .append(esc(f))
                        .append("\">")
                        .append(esc(f))
                        .append("</a></li>");
            }
        }
        h.append("<li><a href=\"")
                .append(ReportFiles.SUMMARY_JSON)
                .append("\">")
                .append(ReportFiles.SUMMARY_JSON)
                .append("</a></li></ul>\n");
    }

    private static void config(StringBuilder h, RunResult run) {
        h.append("<h2>Configuration and parts</h2>\n");
        if (!run.resolutions().isEmpty()) {
            h.append("<ul id=\"resolutions\">");
            run.resolutions().forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
            h.append("</ul>\n");
        }
        if (!run.config().isEmpty()) {
            h.append("<table id=\"config\"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>");
            run.config().forEach((k, v) -> h.append("<tr><td><code>")
                    .append(esc(k))
                    .append("</code></td><td><code>")
                    .append(esc(SecretMask.maskEntry(k, v)))
                    .append("</code></td></tr>"));
            h.append("</tbody></table>\n");
        }
        if (!run.notes().isEmpty()) {
            h.append("<p>").append(esc(run.notes())).append("</p>\n");
        }
    }

    /** The open model's schedule error, {@code -} for a phase without a schedule. */
    private static String scheduleError(LatencySummary l) {
        if (l == null || l.count() == 0) {
            return "-";
        }
        // microsecond figures: three decimals of a millisecond
        return String.format(
                Locale.ROOT,
                "%.3f / %.3f / %.3f",
                LatencySummary.millis(l.p50Nanos()),
                LatencySummary.millis(l.p99Nanos()),
                LatencySummary.millis(l.maxNanos()));
    }

    private static String triple(LatencySummary l) {
        if (l.count() == 0) {
            return "-";
        }
        return Charts.fmt(LatencySummary.millis(l.p50Nanos())) + " / " + Charts.fmt(LatencySummary.millis(l.p95Nanos()))
                + " / " + Charts.fmt(LatencySummary.millis(l.p99Nanos()));
    }

    private static String num(long v) {
        return "<td class=\"num\">" + v + "</td>";
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    /** An elapsed time: whole units in the grammar users write (250ms, 30s, 5m), else seconds with one decimal. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 == 0 && ms < 60_000 || ms % 60_000 == 0) {
            return dev.infraperf.reports.model.PhaseSpec.formatDuration(d);
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + ((s % 3600) / 60) + "m";
    }

    private static String css(Level level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        String masked = SecretMask.mask(s);
        StringBuilder out = new StringBuilder(masked.length());
        for (char c : masked.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String base64(Path png) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chart " + png, e);
        }
    }

    /** A standalone page of the whole history (all tests), for {@code history.html}. */
    static String historyPage(List<HistoryRow> rows, Instant generated) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                        + "<title>Test Iterations</title><style>")
                .append(CSS)
                .append("</style></head><body><h1>Test Iterations</h1><p class=\"meta\">")
                .append(rows.size())
                .append(" runs, generated ")
                .append(TIME.format(generated))
                .append("</p>\n");
        iterationsTable(h, rows);
        h.append("</body></html>\n");
        return h.toString();
    }
}

package dev.infraperf.reports;

import dev.infraperf.reports.model.CommandOutcome;
import dev.infraperf.reports.model.CycleResult;
import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.PercentilePoint;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.RequestCounts;
import dev.infraperf.reports.model.RunResult;
import dev.infraperf.reports.model.StateSample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the run's PNG charts with XChart, named as in the load testing guide. Every chart says in
 * its title what it shows and in its axis titles the units; an empty run still gets every chart,
 * with a note instead of series, so a reader never wonders whether a file is missing.
 */
final class Charts {
    static final int WIDTH = 1100;
    static final int HEIGHT = 620;

    static final Color GREEN = new Color(0x2e7d32);
    static final Color AMBER = new Color(0xf9a825);
    static final Color RED = new Color(0xc62828);
    static final Color BLUE = new Color(0x1565c0);
    static final Color GREY = new Color(0x9e9e9e);
    static final Color ORANGE = new Color(0xef6c00);
    private static final Color[] PALETTE = {
        BLUE,
        new Color(0x6a1b9a),
        new Color(0x00838f),
        ORANGE,
        new Color(0x558b2f),
        new Color(0xad1457),
        new Color(0x4e342e),
        new Color(0x283593)
    };
    private static final int DISTRIBUTION_BINS = 40;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Writes every chart of {@code run} into {@code dir}; returns the files in display order. */
    static List<Path> writeAll(RunResult run, Path dir) {
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        if (!run.phases().isEmpty() || run.cycles().isEmpty()) {
            charts.put(ReportFiles.LATENCY_DISTRIBUTION, latencyDistribution(run));
            charts.put(ReportFiles.PERCENTILE_CHART, percentileChart(run));
            charts.put(ReportFiles.THROUGHPUT_TIMELINE, throughputTimeline(run));
            charts.put(ReportFiles.SUCCESS_FAILURE_RATE, successFailureRate(run));
        }
        for (int i = 0; i < run.cycles().size(); i++) {
            CycleResult cycle = run.cycles().get(i);
            String file = i == 0
                    ? ReportFiles.RESOURCE_STATE_TIMELINE
                    : "resource_state_timeline_" + ReportFiles.prefix(cycle.name()) + ".png";
            charts.put(file, resourceStateTimeline(cycle));
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, Chart<?, ?>> e : charts.entrySet()) {
                Path file = dir.resolve(e.getKey());
                BitmapEncoder.saveBitmap(e.getValue(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write charts into " + dir, e);
        }
        return files;
    }

    static XYChart latencyDistribution(RunResult run) {
        XYChart chart = xy(
                "Latency distribution (corrected for coordinated omission where measured)",
                "Latency (ms)",
                "Share of requests (%)");
        List<PhaseResult> withData = withRequests(run);
        double upper = 0;
        for (PhaseResult p : withData) {
            LatencySummary l = best(p);
            upper = Math.max(upper, LatencySummary.millis(l.p999Nanos() > 0 ? l.p999Nanos() : l.maxNanos()));
        }
        if (withData.isEmpty() || upper <= 0) {
            return empty(chart, "No latencies recorded: no request completed.");
        }
        double width = upper / DISTRIBUTION_BINS;
        chart.getStyler().setXAxisDecimalPattern(upper >= 20 ? "#,##0" : "#,##0.##");
        int colour = 0;
        for (PhaseResult p : withData) {
            DoubleUnaryOperator below = shareBelow(p);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int b = 0; b < DISTRIBUTION_BINS; b++) {
                double lo = b * width;
                double hi = lo + width;
                xs.add(lo);
                ys.add(Math.max(0, below.applyAsDouble(hi) - below.applyAsDouble(lo)));
            }
            XYSeries s = chart.addSeries(label(p), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(PALETTE[colour++ % PALETTE.length]);
            s.setLineWidth(2.5f);
        }
        chart.setTitle(chart.getTitle() + " - up to p99.9 = " + fmt(upper) + " ms");
        return chart;
    }

    static XYChart percentileChart(RunResult run) {
        XYChart chart = xy("Latency by percentile (HdrHistogram spectrum)", "Percentile", "Latency (ms)");
        AxesChartStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setXAxisLogarithmicDecadeOnly(true);
        styler.setxAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        List<PhaseResult> withData = withRequests(run);
        int colour = 0;
        boolean any = false;
        for (PhaseResult p : withData) {
            Color c = PALETTE[colour++ % PALETTE.length];
            any |= spectrumSeries(chart, p.name() + " corrected", p.corrected(), c, SOLID);
            if (p.raw().count() > 0) {
                any |= spectrumSeries(chart, p.name() + " raw", p.raw(), c, DASHED);
            }
        }
        if (!any) {
            return empty(chart, "No latencies recorded: no request completed.");
        }
        return chart;
    }

    private static final BasicStroke SOLID = new BasicStroke(2.5f);
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);

    private static boolean spectrumSeries(XYChart chart, String name, LatencySummary l, Color c, BasicStroke stroke) {
        if (l.count() == 0) {
            return false;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<PercentilePoint> points = l.spectrum().isEmpty() ? fromFixed(l) : l.spectrum();
        for (PercentilePoint pt : points) {
            double p = Math.min(pt.percentile(), 99.9999);
            xs.add(1.0 / (1.0 - p / 100.0));
            ys.add(LatencySummary.millis(pt.valueNanos()));
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(stroke);
        return true;
    }

    private static List<PercentilePoint> fromFixed(LatencySummary l) {
        return List.of(
                new PercentilePoint(0, l.minNanos()),
                new PercentilePoint(50, l.p50Nanos()),
                new PercentilePoint(75, l.p75Nanos()),
                new PercentilePoint(90, l.p90Nanos()),
                new PercentilePoint(95, l.p95Nanos()),
                new PercentilePoint(99, l.p99Nanos()),
                new PercentilePoint(99.9, l.p999Nanos()),
                new PercentilePoint(99.99, l.p9999Nanos()),
                new PercentilePoint(100, l.maxNanos()));
    }

    static String percentileLabel(double x) {
        if (x <= 1.0001) {
            return "0%";
        }
        double p = 100.0 * (1.0 - 1.0 / x);
        String s = String.format(Locale.ROOT, "%.5f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    static XYChart throughputTimeline(RunResult run) {
        XYChart chart = xy("Throughput over time (completed requests per second)", "Time since start (s)", "req/s");
        chart.getStyler().setXAxisDecimalPattern("#,##0.#");
        Instant origin =
                run.phases().isEmpty() ? run.startedAt() : run.phases().get(0).startedAt();
        int colour = 0;
        List<Double> failX = new ArrayList<>();
        List<Double> failY = new ArrayList<>();
        List<Double> userX = new ArrayList<>();
        List<Double> userY = new ArrayList<>();
        boolean any = false;
        for (PhaseResult p : run.phases()) {
            if (p.intervals().isEmpty()) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double phaseStart = Duration.between(origin, p.startedAt()).toNanos() / 1e9;
            for (IntervalStats i : p.intervals()) {
                double x = phaseStart + i.offset().plus(i.length()).toNanos() / 1e9;
                xs.add(x);
                ys.add(i.requestsPerSecond());
                failX.add(x);
                failY.add(i.failuresPerSecond());
                userX.add(x);
                userY.add((double) i.users());
            }
            XYSeries s = chart.addSeries(p.name() + " req/s", xs, ys);
            s.setLineColor(PALETTE[colour++ % PALETTE.length]);
            s.setLineWidth(2.5f);
            s.setMarker(SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) {
            return empty(chart, "No intervals recorded: the run issued no requests.");
        }
        XYSeries f = chart.addSeries("failures/s", failX, failY);
        f.setLineColor(RED);
        f.setMarker(SeriesMarkers.NONE);
        f.setLineStyle(DASHED);
        XYSeries u = chart.addSeries("users (right axis)", userX, userY);
        u.setYAxisGroup(1);
        u.setLineColor(GREY);
        u.setMarker(SeriesMarkers.NONE);
        u.setLineStyle(DASHED);
        chart.setYAxisGroupTitle(1, "users");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        return chart;
    }

    static CategoryChart successFailureRate(RunResult run) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Success and failure rate per phase (% of issued requests)")
                .xAxisTitle("Phase")
                .yAxisTitle("% of issued requests")
                .build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLabelsVisible(false);
        List<String> names = new ArrayList<>();
        List<Double> ok = new ArrayList<>();
        List<Double> failed = new ArrayList<>();
        List<Double> timedOut = new ArrayList<>();
        List<Double> dropped = new ArrayList<>();
        for (PhaseResult p : run.phases()) {
            RequestCounts c = p.counts();
            names.add(p.name()
                    + (c.issued() == 0
                            ? " (no requests)"
                            : String.format(Locale.ROOT, " (%.1f%%)", c.successPercent())));
            ok.add(c.issued() == 0 ? 0 : c.successPercent());
            failed.add(c.issued() == 0 ? 0 : 100.0 * c.failed() / c.issued());
            timedOut.add(c.issued() == 0 ? 0 : 100.0 * c.timedOut() / c.issued());
            dropped.add(c.issued() == 0 ? 0 : 100.0 * c.dropped() / c.issued());
        }
        if (names.isEmpty()) {
            names.add("no phases");
            ok.add(0.0);
            failed.add(0.0);
            timedOut.add(0.0);
            dropped.add(0.0);
        }
        chart.addSeries("succeeded", names, ok).setFillColor(GREEN);
        chart.addSeries("failed", names, failed).setFillColor(RED);
        chart.addSeries("timed out", names, timedOut).setFillColor(ORANGE);
        chart.addSeries("dropped", names, dropped).setFillColor(GREY);
        return chart;
    }

    static XYChart resourceStateTimeline(CycleResult cycle) {
        // Seconds for the short cycles of smoke runs, minutes for real ones: an axis of 0.01-0.06 min reads badly.
        long totalMillis = cycle.commands().stream()
                .mapToLong(c -> c.duration().toMillis())
                .sum();
        boolean minutes = totalMillis >= 120_000;
        double millisPerUnit = minutes ? 60_000.0 : 1_000.0;
        String unit = minutes ? "min" : "s";
        StringBuilder title =
                new StringBuilder("Resource states - " + cycle.name() + " (" + cycle.resourceCount() + " resources");
        List<Double> xs = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String s : List.of("waiting", "in progress", "success", "failed", "canceled")) {
            series.put(s, new ArrayList<>());
        }
        double base = 0;
        for (CommandOutcome c : cycle.commands()) {
            title.append("; ")
                    .append(c.operation())
                    .append(" at ")
                    .append(fmt(base))
                    .append(' ')
                    .append(unit);
            for (StateSample s : c.timeline()) {
                xs.add(base + s.offset().toMillis() / millisPerUnit);
                series.get("waiting").add((double) s.waiting());
                series.get("in progress").add((double) s.inProgress());
                series.get("success").add((double) s.success());
                series.get("failed").add((double) s.failed());
                series.get("canceled").add((double) s.canceled());
            }
            base += c.duration().toMillis() / millisPerUnit;
        }
        title.append(")");
        XYChart chart = xy(title.toString(), "Time since apply (" + unit + ")", "Resource updates");
        if (xs.isEmpty()) {
            return empty(chart, "No state samples recorded for this cycle.");
        }
        Color[] colours = {GREY, BLUE, GREEN, RED, ORANGE};
        int i = 0;
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), xs, e.getValue());
            s.setLineColor(colours[i++]);
            s.setLineWidth(2.5f);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xe0e0e0));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setSeriesColors(PALETTE);
        styler.setAntiAlias(true);
    }

    private static XYChart empty(XYChart chart, String note) {
        XYSeries s = chart.addSeries("(no data)", new double[] {0, 1}, new double[] {0, 0});
        s.setShowInLegend(false);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(false);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(null);
        AnnotationTextPanel panel = new AnnotationTextPanel(note, WIDTH / 2.0 - 200, HEIGHT / 2.0, true);
        chart.addAnnotation(panel);
        chart.setTitle(chart.getTitle() + " - no data");
        return chart;
    }

    private static List<PhaseResult> withRequests(RunResult run) {
        return run.phases().stream()
                .filter(p -> p.corrected().count() > 0 || p.raw().count() > 0)
                .toList();
    }

    private static LatencySummary best(PhaseResult p) {
        return p.corrected().count() > 0 ? p.corrected() : p.raw();
    }

    private static String label(PhaseResult p) {
        return p.name() + (p.corrected().count() > 0 ? " (corrected)" : " (raw)");
    }

    /** Share (0-100) of a phase's latencies at or below a value in ms: from histograms if kept, else the spectrum. */
    private static DoubleUnaryOperator shareBelow(PhaseResult p) {
        String tag = p.corrected().count() > 0 ? IntervalHistogram.CORRECTED : IntervalHistogram.RAW;
        Histogram merged = null;
        for (IntervalHistogram h : p.histograms()) {
            if (h.tag().equals(tag)) {
                Histogram d = h.decode();
                if (merged == null) {
                    merged = d;
                } else {
                    merged.add(d);
                }
            }
        }
        if (merged != null && merged.getTotalCount() > 0) {
            Histogram m = merged;
            return ms -> ms <= 0 ? 0 : m.getPercentileAtOrBelowValue((long) (ms * 1_000_000));
        }
        LatencySummary l = best(p);
        List<PercentilePoint> points = l.spectrum().isEmpty() ? fromFixed(l) : l.spectrum();
        return ms -> interpolate(points, ms * 1_000_000);
    }

    private static double interpolate(List<PercentilePoint> points, double nanos) {
        double prevValue = 0;
        double prevPct = 0;
        for (PercentilePoint pt : points) {
            if (nanos < pt.valueNanos()) {
                double span = pt.valueNanos() - prevValue;
                return span <= 0 ? prevPct : prevPct + (pt.percentile() - prevPct) * (nanos - prevValue) / span;
            }
            prevValue = pt.valueNanos();
            prevPct = pt.percentile();
        }
        return 100;
    }

    static String fmt(double v) {
        return v >= 100 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}

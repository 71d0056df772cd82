package dev.infraperf.live;

import dev.infraperf.reports.model.LoadModel;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.StateSample;
import dev.infraperf.reports.model.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /api/state}: what the page polls once per second, as a JSON tree. Series are column arrays, the shape uPlot
 * takes: {@code t} in seconds since the phase start, rates per second, percentiles in milliseconds ({@code null}
 * when an interval completed nothing).
 */
final class PageState {
    private PageState() {}

    static Map<String, Object> of(LiveRun run) {
        return run.read(r -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("current", r.current().map(PageState::current).orElse(null));
            List<Object> phases = new ArrayList<>();
            for (LiveRun.PhaseView v : r.phases()) {
                phases.add(summary(v));
            }
            state.put("phases", phases);
            List<Object> commands = new ArrayList<>();
            for (LiveRun.FormaeView f : r.commands()) {
                commands.add(command(f));
            }
            state.put("formae", commands);
            return state;
        });
    }

    private static Map<String, Object> summary(LiveRun.PhaseView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test", v.test);
        m.put("phase", v.phase);
        m.put("spec", v.spec == null ? "" : v.spec.describe());
        m.put("behaviour", v.spec == null ? "" : v.spec.behaviour());
        m.put("startedAt", v.startedAt.toString());
        m.put("running", v.running);
        m.put("elapsedSeconds", v.elapsed.toMillis() / 1000.0);
        m.put("plannedSeconds", v.spec == null ? null : v.spec.duration().toMillis() / 1000.0);
        m.put("ok", v.totalOk);
        m.put("failed", v.totalFailed);
        m.put("dropped", v.dropped);
        m.put("issued", v.finalCounts == null ? null : v.finalCounts.issued());
        m.put("timedOut", v.finalCounts == null ? null : v.finalCounts.timedOut());
        m.put("errorsByClass", v.errorsByClass);
        m.put("verdict", v.worst);
        m.put("passed", v.passed);
        List<Object> verdicts = new ArrayList<>();
        for (Verdict verdict : v.verdicts) {
            verdicts.add(
                    Map.of("metric", verdict.metric(), "level", verdict.level().label(), "text", verdict.display()));
        }
        m.put("verdicts", verdicts);
        m.put("summary", v.summaryLink);
        return m;
    }

    private static Map<String, Object> current(LiveRun.PhaseView v) {
        Map<String, Object> m = summary(v);
        PhaseSpec spec = v.spec;
        m.put("model", spec == null ? null : spec.model().name().toLowerCase(java.util.Locale.ROOT));
        m.put("plannedUsers", spec == null || spec.model() != LoadModel.CLOSED ? null : spec.users());
        m.put("arrivalRate", spec == null || spec.model() != LoadModel.OPEN ? null : spec.arrivalRate());
        m.put("users", v.users);
        m.put("inFlight", v.inFlight);
        m.put("consoleLine", v.consoleLine);
        List<LiveRun.Point> points = new ArrayList<>(v.points);
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("t", column(points, LiveRun.Point::t));
        series.put("ok", column(points, LiveRun.Point::okPerSecond));
        series.put("failed", column(points, LiveRun.Point::failedPerSecond));
        series.put("rawP50", latency(points, p -> p.raw().p50Millis()));
        series.put("rawP95", latency(points, p -> p.raw().p95Millis()));
        series.put("rawP99", latency(points, p -> p.raw().p99Millis()));
        series.put("correctedP50", latency(points, p -> p.corrected().p50Millis()));
        series.put("correctedP95", latency(points, p -> p.corrected().p95Millis()));
        series.put("correctedP99", latency(points, p -> p.corrected().p99Millis()));
        Map<String, Object> errors = new LinkedHashMap<>();
        for (int i = 0; i < LiveRun.ERROR_CLASSES.size(); i++) {
            int k = i;
            errors.put(LiveRun.ERROR_CLASSES.get(i), column(points, p -> p.errorsPerSecond()[k]));
        }
        series.put("errors", errors);
        series.put("users", column(points, p -> (double) p.users()));
        series.put("inFlight", column(points, p -> (double) p.inFlight()));
        m.put("series", series);
        return m;
    }

    private static Map<String, Object> command(LiveRun.FormaeView f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stack", f.stack);
        m.put("commandId", f.commandId);
        List<StateSample> samples = new ArrayList<>(f.samples);
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("t", states(samples, s -> s.offset().toMillis() / 1000.0));
        series.put("waiting", states(samples, s -> (double) s.waiting()));
        series.put("inProgress", states(samples, s -> (double) s.inProgress()));
        series.put("success", states(samples, s -> (double) s.success()));
        series.put("failed", states(samples, s -> (double) s.failed()));
        series.put("canceled", states(samples, s -> (double) s.canceled()));
        m.put("series", series);
        return m;
    }

    private static List<Double> column(List<LiveRun.Point> points, Function<LiveRun.Point, Double> f) {
        List<Double> values = new ArrayList<>(points.size());
        for (LiveRun.Point p : points) {
            values.add(round(f.apply(p)));
        }
        return values;
    }

    private static List<Double> latency(List<LiveRun.Point> points, Function<LiveRun.Point, Double> f) {
        List<Double> values = new ArrayList<>(points.size());
        for (LiveRun.Point p : points) {
            values.add(p.hasLatency() ? round(f.apply(p)) : null);
        }
        return values;
    }

    private static List<Double> states(List<StateSample> samples, Function<StateSample, Double> f) {
        List<Double> values = new ArrayList<>(samples.size());
        for (StateSample s : samples) {
            values.add(f.apply(s));
        }
        return values;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

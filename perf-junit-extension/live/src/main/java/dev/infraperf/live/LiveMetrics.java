package dev.infraperf.live;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /metrics}: the run's figures in the Prometheus text format, or OpenMetrics when the scraper asks for it
 * ({@code Accept: application/openmetrics-text}). Built from {@link LiveRun} at each scrape with the Prometheus Java
 * client's data model and writers. A phase that ran twice under the same test and name is one series: its counters
 * and buckets add up, its gauges are the latest run's.
 */
final class LiveMetrics {

    private static final String NAMESPACE = "infraperf_";
    private static final PrometheusTextFormatWriter PROMETHEUS = PrometheusTextFormatWriter.create();
    private static final OpenMetricsTextFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private LiveMetrics() {}

    /** The content type answered for {@code accept}. */
    static String contentType(String accept) {
        return wantsOpenMetrics(accept) ? OPEN_METRICS.getContentType() : PROMETHEUS.getContentType();
    }

    static void write(LiveRun run, String accept, OutputStream out) throws IOException {
        MetricSnapshots snapshots = run.read(LiveMetrics::snapshots);
        if (wantsOpenMetrics(accept)) {
            OPEN_METRICS.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
        } else {
            PROMETHEUS.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
        }
    }

    private static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    private static final class Series {
        final Labels labels;
        final Map<List<String>, long[]> requests = new LinkedHashMap<>();
        long dropped;
        final long[] raw = new long[LiveRun.BUCKETS.length + 1];
        final long[] corrected = new long[LiveRun.BUCKETS.length + 1];
        double rawSum;
        double correctedSum;
        LiveRun.PhaseView latest;

        Series(Labels labels) {
            this.labels = labels;
        }
    }

    private static MetricSnapshots snapshots(LiveRun run) {
        Map<List<String>, Series> byPhase = new LinkedHashMap<>();
        for (LiveRun.PhaseView v : run.phases()) {
            Series s = byPhase.computeIfAbsent(
                    List.of(v.test, v.phase), k -> new Series(Labels.of("test", v.test, "phase", v.phase)));
            v.endpoints.forEach((name, c) -> {
                long[] sum = s.requests.computeIfAbsent(List.of(name, (String) c[0]), k -> new long[3]);
                for (int i = 0; i < 3; i++) {
                    sum[i] += (Long) c[i + 1];
                }
            });
            s.dropped += v.dropped;
            for (int i = 0; i < s.raw.length; i++) {
                s.raw[i] += v.rawBuckets[i];
                s.corrected[i] += v.correctedBuckets[i];
            }
            s.rawSum += v.rawSumSeconds;
            s.correctedSum += v.correctedSumSeconds;
            s.latest = v;
        }

        CounterSnapshot.Builder requests = CounterSnapshot.builder()
                .name(NAMESPACE + "requests")
                .help("Requests completed, by phase, request name, method and outcome (success, failure, timeout)");
        CounterSnapshot.Builder dropped = CounterSnapshot.builder()
                .name(NAMESPACE + "dropped_arrivals")
                .help("Open model: arrivals dropped because too many tasks were in flight at their intended start");
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder()
                .name(NAMESPACE + "request_duration_seconds")
                .unit(Unit.SECONDS)
                .help("Request latency; latency=raw is service time, latency=corrected is corrected for"
                        + " coordinated omission (open model: from the intended start)");
        GaugeSnapshot.Builder users = gauge("users", "Closed model: virtual users running");
        GaugeSnapshot.Builder inFlight = gauge("in_flight_requests", "Open model: tasks in flight");
        GaugeSnapshot.Builder running = gauge("phase_running", "1 while the phase runs, 0 after");
        GaugeSnapshot.Builder elapsed = GaugeSnapshot.builder()
                .name(NAMESPACE + "phase_elapsed_seconds")
                .unit(Unit.SECONDS)
                .help("Time since the phase started, as of its last interval");
        GaugeSnapshot.Builder planned = GaugeSnapshot.builder()
                .name(NAMESPACE + "phase_planned_duration_seconds")
                .unit(Unit.SECONDS)
                .help("The phase's planned duration (after perf.timeScale)");

        for (Series s : byPhase.values()) {
            s.requests.forEach((key, c) -> {
                String[] outcomes = {"success", "failure", "timeout"};
                for (int i = 0; i < 3; i++) {
                    requests.dataPoint(CounterDataPointSnapshot.builder()
                            .labels(s.labels.merge(
                                    Labels.of("endpoint", key.get(0), "method", key.get(1), "outcome", outcomes[i])))
                            .value(c[i])
                            .build());
                }
            });
            dropped.dataPoint(counter(s.labels, s.dropped));
            latency.dataPoint(histogram(s.labels.add("latency", "raw"), s.raw, s.rawSum));
            latency.dataPoint(histogram(s.labels.add("latency", "corrected"), s.corrected, s.correctedSum));
            LiveRun.PhaseView v = s.latest;
            users.dataPoint(value(s.labels, v.users));
            inFlight.dataPoint(value(s.labels, v.inFlight));
            running.dataPoint(value(s.labels, v.running ? 1 : 0));
            elapsed.dataPoint(value(s.labels, v.elapsed.toNanos() / 1e9));
            if (v.spec != null) {
                planned.dataPoint(value(s.labels, v.spec.duration().toNanos() / 1e9));
            }
        }

        GaugeSnapshot.Builder formae =
                gauge("formae_resource_updates", "Resource updates of a Formae command per state, as last sampled");
        for (LiveRun.FormaeView f : run.commands()) {
            var last = f.last();
            Labels labels = Labels.of("stack", f.stack, "command_id", f.commandId);
            formae.dataPoint(value(labels.add("state", "waiting"), last.waiting()));
            formae.dataPoint(value(labels.add("state", "in_progress"), last.inProgress()));
            formae.dataPoint(value(labels.add("state", "success"), last.success()));
            formae.dataPoint(value(labels.add("state", "failed"), last.failed()));
            formae.dataPoint(value(labels.add("state", "canceled"), last.canceled()));
        }

        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> all = new ArrayList<>();
        all.add(requests.build());
        all.add(dropped.build());
        all.add(latency.build());
        all.add(users.build());
        all.add(inFlight.build());
        all.add(running.build());
        all.add(elapsed.build());
        all.add(planned.build());
        all.add(formae.build());
        return new MetricSnapshots(all);
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(NAMESPACE + name).help(help);
    }

    private static CounterDataPointSnapshot counter(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeDataPointSnapshot value(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static HistogramDataPointSnapshot histogram(Labels labels, long[] counts, double sumSeconds) {
        double[] bounds = new double[LiveRun.BUCKETS.length + 1];
        System.arraycopy(LiveRun.BUCKETS, 0, bounds, 0, LiveRun.BUCKETS.length);
        bounds[LiveRun.BUCKETS.length] = Double.POSITIVE_INFINITY;
        return HistogramDataPointSnapshot.builder()
                .labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts.clone()))
                .sum(sumSeconds)
                .build();
    }
}

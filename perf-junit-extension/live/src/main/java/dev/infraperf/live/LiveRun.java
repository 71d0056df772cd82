package dev.infraperf.live;

import dev.infraperf.load.RunListener;
import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import dev.infraperf.reports.model.StateSample;
import dev.infraperf.reports.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;

/**
 * What the live page and {@code /metrics} show: every phase of this JVM's run in start order with its recent interval
 * points, cumulative counts and latency buckets, and the Formae commands sampled. Fed by the listener on the engine's
 * threads, read by the HTTP handlers; every method is synchronized and cheap.
 */
final class LiveRun {

    /** Points kept per phase and per Formae command: 15 minutes at one per second. */
    static final int MAX_POINTS = 900;

    /** Upper bounds of the latency histogram buckets in seconds (+Inf is added). */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** The failure classes of the engine, in the order the page stacks them. */
    static final List<String> ERROR_CLASSES = List.of("status", "connection", "validation", "timeout");

    private final List<PhaseView> phases = new ArrayList<>();
    private final Map<String, FormaeView> commands = new LinkedHashMap<>();
    private final RunFiles files;

    LiveRun(RunFiles files) {
        this.files = files;
    }

    // ---- fed by the listener

    synchronized void started(RunListener.PhaseStarted e) {
        phases.add(new PhaseView(e.test(), e.phase(), e.spec(), e.startedAt()));
    }

    synchronized void interval(RunListener.Interval e) {
        PhaseView view = find(e.test(), e.phase(), true).orElseGet(() -> {
            // a listener that joined mid-phase: start the view from what the interval says
            PhaseView v = new PhaseView(e.test(), e.phase(), null, Instant.now().minus(e.elapsed()));
            phases.add(v);
            return v;
        });
        view.add(e);
    }

    synchronized void ended(RunListener.PhaseEnded e) {
        find(e.test(), e.phase(), true).ifPresent(v -> v.end(e.result()));
    }

    synchronized void reported(RunListener.PhaseReported e) {
        find(e.test(), e.phase(), false).ifPresent(v -> {
            v.end(e.result());
            v.verdicts = e.result().verdicts();
            v.worst = e.result().worstLevel().label();
            v.passed = e.passed();
            v.summaryLink = e.summaryHtml().flatMap(files::register).orElse(null);
        });
    }

    synchronized void formae(RunListener.FormaeSample e) {
        commands.computeIfAbsent(e.commandId(), id -> new FormaeView(e.stack(), id))
                .add(e.sample());
    }

    private Optional<PhaseView> find(String test, String phase, boolean running) {
        for (int i = phases.size() - 1; i >= 0; i--) {
            PhaseView v = phases.get(i);
            if (v.test.equals(test) && v.phase.equals(phase) && (!running || v.running)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    // ---- read by the handlers

    /** Every phase, oldest first; the views are live, read them under this object's lock ({@link #read}). */
    synchronized <T> T read(java.util.function.Function<LiveRun, T> reader) {
        return reader.apply(this);
    }

    List<PhaseView> phases() {
        return phases;
    }

    List<FormaeView> commands() {
        return new ArrayList<>(commands.values());
    }

    /** The phase the page charts: the last one still running, else the last one. */
    Optional<PhaseView> current() {
        for (int i = phases.size() - 1; i >= 0; i--) {
            if (phases.get(i).running) {
                return Optional.of(phases.get(i));
            }
        }
        return phases.isEmpty() ? Optional.empty() : Optional.of(phases.get(phases.size() - 1));
    }

    /** One point of a phase's charts: per-second rates of one interval and its percentiles. */
    record Point(
            double t,
            double okPerSecond,
            double failedPerSecond,
            RunListener.Percentiles raw,
            RunListener.Percentiles corrected,
            boolean hasLatency,
            double[] errorsPerSecond,
            int users,
            int inFlight) {}

    /** One phase as the page and the metrics see it. */
    static final class PhaseView {
        final String test;
        final String phase;
        PhaseSpec spec;
        final Instant startedAt;
        boolean running = true;
        final ArrayDeque<Point> points = new ArrayDeque<>();
        Duration elapsed = Duration.ZERO;
        long totalOk;
        long totalFailed;
        long dropped;
        int users;
        int inFlight;
        String consoleLine = "";
        Map<String, Long> errorsByClass = Map.of();
        /** Request name to {method, succeeded, failed, timed out}. */
        final Map<String, Object[]> endpoints = new TreeMap<>();

        final long[] rawBuckets = new long[BUCKETS.length + 1];
        final long[] correctedBuckets = new long[BUCKETS.length + 1];
        double rawSumSeconds;
        double correctedSumSeconds;
        RequestCounts finalCounts;
        List<Verdict> verdicts = List.of();
        String worst;
        Boolean passed;
        String summaryLink;

        PhaseView(String test, String phase, PhaseSpec spec, Instant startedAt) {
            this.test = test;
            this.phase = phase;
            this.spec = spec;
            this.startedAt = startedAt;
        }

        void add(RunListener.Interval e) {
            double seconds = Math.max(1e-3, (e.elapsed().toNanos() - elapsed.toNanos()) / 1e9);
            double[] errors = new double[ERROR_CLASSES.size()];
            for (int i = 0; i < errors.length; i++) {
                String c = ERROR_CLASSES.get(i);
                errors[i] = (e.errorsByClass().getOrDefault(c, 0L) - errorsByClass.getOrDefault(c, 0L)) / seconds;
            }
            points.addLast(new Point(
                    e.elapsed().toMillis() / 1000.0,
                    e.ok() / seconds,
                    e.failed() / seconds,
                    e.raw(),
                    e.corrected(),
                    e.ok() + e.failed() > 0,
                    errors,
                    e.users(),
                    e.inFlight()));
            while (points.size() > MAX_POINTS) {
                points.removeFirst();
            }
            elapsed = e.elapsed();
            totalOk = e.totalOk();
            totalFailed = e.totalFailed();
            dropped = e.dropped();
            users = e.users();
            inFlight = e.inFlight();
            // the closing interval after the phase end is not printed: the page keeps the console's last line
            if (!e.consoleLine().isEmpty()) {
                consoleLine = e.consoleLine();
            }
            errorsByClass = e.errorsByClass();
            for (RunListener.EndpointCounts c : e.endpoints()) {
                endpoints.put(c.name(), new Object[] {c.method(), c.succeeded(), c.failed(), c.timedOut()});
            }
            rawSumSeconds += accumulate(e.rawHistogram(), rawBuckets);
            correctedSumSeconds += accumulate(e.correctedHistogram(), correctedBuckets);
        }

        /** The report's final accounting replaces the last interval's (they differ only by abandoned requests). */
        void end(dev.infraperf.reports.model.PhaseResult result) {
            running = false;
            users = 0;
            inFlight = 0;
            if (spec == null) {
                spec = result.spec();
            }
            finalCounts = result.counts();
            totalOk = result.counts().succeeded();
            totalFailed = result.counts().failed() + result.counts().timedOut();
            dropped = result.counts().dropped();
            for (EndpointStats ep : result.endpoints()) {
                RequestCounts c = ep.counts();
                endpoints.put(ep.name(), new Object[] {ep.method(), c.succeeded(), c.failed(), c.timedOut()});
            }
        }

        private static double accumulate(AbstractHistogram h, long[] buckets) {
            long total = h.getTotalCount();
            if (total == 0) {
                return 0;
            }
            long below = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                long atOrBelow = Math.min(total, h.getCountBetweenValues(0, (long) (BUCKETS[i] * 1e9)));
                atOrBelow = Math.max(atOrBelow, below);
                buckets[i] += atOrBelow - below;
                below = atOrBelow;
            }
            buckets[BUCKETS.length] += total - below;
            return h.getMean() * total / 1e9;
        }
    }

    /** One Formae command's resource-state samples. */
    static final class FormaeView {
        final String stack;
        final String commandId;
        final ArrayDeque<StateSample> samples = new ArrayDeque<>();

        FormaeView(String stack, String commandId) {
            this.stack = stack;
            this.commandId = commandId;
        }

        void add(StateSample sample) {
            samples.addLast(sample);
            while (samples.size() > MAX_POINTS) {
                samples.removeFirst();
            }
        }

        StateSample last() {
            return samples.getLast();
        }
    }
}

package dev.infraperf.distributed;

import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.FailureSample;
import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Merges the workers' shares exactly: counts are summed, interval {@code k} of the merge is the {@code Histogram.add}
 * of every worker's interval {@code k} (raw and corrected), and the phase's latencies are summarised from the sum of
 * all intervals, never averaged from percentiles. A lost worker contributes the intervals collected before it was
 * lost and the cumulative counts of the last one.
 */
final class Merge {

    /** As the engine records: 1 us to 1 h, 3 significant digits. */
    static Histogram newHistogram() {
        return new Histogram(1_000, 3_600_000_000_000L, 3);
    }

    private Merge() {}

    static MergedRun merge(
            WorkerPlan whole,
            Instant agreed,
            List<Coordinator.Worker> workers,
            String where,
            DistributedSettings settings) {
        boolean correctedFlag = whole.open()
                || workers.stream()
                        .filter(w -> w.report != null)
                        .anyMatch(w -> w.report.result().corrected().correctedForCoordinatedOmission());
        TreeMap<Integer, Histogram[]> byIndex = new TreeMap<>();
        TreeMap<Integer, long[]> rows = new TreeMap<>(); // requests, failures, users, offset, length
        Histogram allRaw = newHistogram();
        Histogram allCorrected = newHistogram();
        RequestCounts total = RequestCounts.none();
        Map<String, Long> perClass = new TreeMap<>();
        List<String> taskErrors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<WorkerSummary> summaries = new ArrayList<>();
        Map<String, List<EndpointStats>> endpoints = new LinkedHashMap<>();
        Map<String, FailureSample> failures = new LinkedHashMap<>();
        boolean allSucceededOnly = true;
        String description = whole.userClass().substring(whole.userClass().lastIndexOf('.') + 1);
        long elapsed = 0;
        long maxSkew = 0;
        long lateMax = 0;
        int maxSkewWorker = 0;

        for (Coordinator.Worker w : workers) {
            Histogram workerCorrected = newHistogram();
            for (WorkerInterval iv : w.intervals) {
                Histogram raw = decode(iv.raw());
                Histogram corrected = decode(iv.corrected());
                Histogram[] slot =
                        byIndex.computeIfAbsent(iv.index(), k -> new Histogram[] {newHistogram(), newHistogram()});
                slot[0].add(raw);
                slot[1].add(corrected);
                allRaw.add(raw);
                allCorrected.add(corrected);
                workerCorrected.add(corrected);
                long[] row = rows.computeIfAbsent(iv.index(), k -> new long[] {0, 0, 0, iv.offsetNanos(), 0});
                row[0] += iv.ok() + iv.failed();
                row[1] += iv.failed();
                row[2] += iv.users();
                row[4] = Math.max(row[4], iv.lengthNanos());
            }
            if (Math.abs(w.skewNanos) >= Math.abs(maxSkew)) {
                maxSkew = w.skewNanos;
                maxSkewWorker = w.endpoint.index();
            }
            RequestCounts counts;
            Optional<Double> cpu = Optional.empty();
            if (w.report != null) {
                WorkerReport r = w.report;
                counts = r.result().counts();
                description = r.result().spec().behaviour();
                r.failuresPerClass().forEach((k, v) -> perClass.merge(k, v, Long::sum));
                r.taskErrors().forEach(e -> taskErrors.add(w.endpoint.name() + ": " + e));
                r.notes().forEach(n -> notes.add(w.endpoint.name() + ": " + n));
                for (EndpointStats e : r.result().endpoints()) {
                    endpoints.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
                }
                for (FailureSample f : r.result().failures()) {
                    String key = f.kind() + "|" + f.method() + "|" + f.name() + "|" + f.message();
                    failures.merge(
                            key,
                            f,
                            (a, b) -> new FailureSample(
                                    a.kind(), a.method(), a.name(), a.message(), a.occurrences() + b.occurrences()));
                }
                allSucceededOnly &= counts.failed() == 0 && counts.timedOut() == 0;
                elapsed = Math.max(
                        elapsed,
                        shareStart(whole, w)
                                + r.startedLateNanos()
                                + r.result().elapsed().toNanos());
                lateMax = Math.max(lateMax, r.startedLateNanos());
                double share = r.cpuShare();
                cpu = share < 0 ? Optional.empty() : Optional.of(share);
            } else {
                allSucceededOnly = false;
                WorkerInterval last = w.intervals.isEmpty() ? null : w.intervals.get(w.intervals.size() - 1);
                if (last == null) {
                    counts = RequestCounts.none();
                } else {
                    long timedOut = last.errorsByClass().getOrDefault("timeout", 0L);
                    long failed = Math.max(0, last.totalFailed() - timedOut);
                    counts = new RequestCounts(
                            last.totalOk() + failed + timedOut + last.dropped(),
                            last.totalOk(),
                            failed,
                            timedOut,
                            last.dropped());
                    last.errorsByClass().forEach((k, v) -> perClass.merge(k, v, Long::sum));
                    elapsed = Math.max(elapsed, shareStart(whole, w) + last.offsetNanos() + last.lengthNanos());
                }
                String kept = last == null
                        ? "nothing of it was collected"
                        : "its counts up to interval " + (last.index() + 1) + " ("
                                + seconds(last.offsetNanos() + last.lengthNanos()) + " into its share) are kept: "
                                + counts.issued() + " issued, " + counts.succeeded() + " succeeded; requests it had"
                                + " in flight then are not counted";
                lost.add(w.endpoint.name() + " was lost: " + w.lostReason + "; " + kept);
            }
            total = total.plus(counts);
            summaries.add(new WorkerSummary(
                    w.endpoint.index(),
                    w.endpoint.name(),
                    counts,
                    Duration.ofNanos(
                            workerCorrected.getTotalCount() == 0 ? 0 : workerCorrected.getValueAtPercentile(99)),
                    cpu,
                    Duration.ofNanos(w.skewNanos),
                    Optional.ofNullable(w.lostReason)));
        }

        PhaseSpec spec = whole.open()
                ? PhaseSpec.open(whole.arrivalRate(), Duration.ofNanos(whole.durationNanos()), description)
                        .withRampTo(whole.rampToRate())
                : PhaseSpec.closed(
                        whole.users(), whole.spawnRate(), Duration.ofNanos(whole.durationNanos()), description);
        spec = spec.withSettings(
                Duration.ofNanos(whole.requestTimeoutNanos()),
                whole.open() ? whole.maxInFlight() : 0,
                whole.client().toLowerCase(Locale.ROOT));
        PhaseResult.Builder builder = PhaseResult.builder(whole.phase(), spec, agreed)
                .elapsed(Duration.ofNanos(elapsed))
                .counts(total)
                .latency(LatencySummary.of(allRaw, false), LatencySummary.of(allCorrected, correctedFlag));
        for (Map.Entry<Integer, Histogram[]> e : byIndex.entrySet()) {
            long[] row = rows.get(e.getKey());
            Duration offset = Duration.ofNanos(row[3]);
            Duration length = Duration.ofNanos(row[4]);
            builder.interval(IntervalStats.of(
                    offset,
                    length,
                    (int) row[2],
                    row[0],
                    row[1],
                    LatencySummary.of(e.getValue()[1], correctedFlag, false)));
            builder.histogram(IntervalHistogram.of(IntervalHistogram.RAW, offset, length, e.getValue()[0]));
            builder.histogram(IntervalHistogram.of(IntervalHistogram.CORRECTED, offset, length, e.getValue()[1]));
        }
        boolean oneName = endpoints.size() == 1;
        for (Map.Entry<String, List<EndpointStats>> e : endpoints.entrySet()) {
            RequestCounts counts = RequestCounts.none();
            double bytes = 0;
            long answered = 0;
            EndpointStats busiest = e.getValue().get(0);
            for (EndpointStats s : e.getValue()) {
                counts = counts.plus(s.counts());
                bytes += s.averageContentSizeBytes() * s.raw().count();
                answered += s.raw().count();
                if (s.counts().issued() > busiest.counts().issued()) {
                    busiest = s;
                }
            }
            // one request name: its histograms are the phase's, merged exactly; several: the engine keeps no
            // per-name histograms to merge, so the busiest worker's summary stands for the name
            builder.endpoint(new EndpointStats(
                    e.getKey(),
                    busiest.method(),
                    counts,
                    oneName ? LatencySummary.of(allRaw, false, false) : busiest.raw(),
                    oneName ? LatencySummary.of(allCorrected, correctedFlag, false) : busiest.corrected(),
                    answered == 0 ? 0 : bytes / answered));
        }
        if (!oneName && endpoints.size() > 1) {
            notes.add("per-request-name latencies are those of the busiest worker of each name; the phase's"
                    + " latencies are merged exactly");
        }
        failures.values().forEach(builder::failure);

        LatencySummary succeeded;
        if (allSucceededOnly) {
            // every completed request succeeded: the successful requests' histogram is the corrected one, exactly
            succeeded = LatencySummary.of(allCorrected, correctedFlag, false);
        } else if (workers.size() == 1 && workers.get(0).report != null) {
            succeeded = workers.get(0).report.succeeded();
        } else {
            succeeded = LatencySummary.of(allCorrected, correctedFlag, false);
            notes.add("latency verdicts judge all completed requests: with failures on several workers the"
                    + " successful requests' latencies are not kept per interval and cannot be merged exactly");
        }

        List<String> head = new ArrayList<>();
        head.add(String.format(
                Locale.ROOT,
                "distributed over %s (%s=%d); largest clock skew at start-up %s (worker %d); latest start %s after"
                        + " its planned instant",
                where,
                DistributedSettings.WORKERS_KEY,
                workers.size(),
                millis(maxSkew),
                maxSkewWorker,
                millis(lateMax)));
        for (WorkerSummary s : summaries) {
            RequestCounts c = s.counts();
            head.add(String.format(
                    Locale.ROOT,
                    "%s: %d issued, %d succeeded, %d failed, %d timed out, %d dropped; p99 %s; CPU %s%s",
                    s.name(),
                    c.issued(),
                    c.succeeded(),
                    c.failed(),
                    c.timedOut(),
                    c.dropped(),
                    millis(s.p99().toNanos()),
                    s.cpuShare()
                            .map(x -> String.format(Locale.ROOT, "%.0f%%", x * 100))
                            .orElse("unknown"),
                    s.lostReason().map(r -> "; LOST: " + r).orElse("")));
        }
        head.addAll(lost);
        Path logs = writeLogs(whole, agreed, workers, byIndex, settings);
        if (logs != null) {
            head.add("interval histogram logs of each worker and of the merge: " + logs);
        }
        head.forEach(line -> System.out.println("[load] " + line));
        head.addAll(notes);
        return new MergedRun(
                builder.build(),
                Map.copyOf(perClass),
                List.copyOf(taskErrors),
                List.copyOf(head),
                succeeded,
                List.copyOf(lost),
                List.copyOf(summaries));
    }

    private static long shareStart(WorkerPlan whole, Coordinator.Worker w) {
        return Math.round(w.endpoint.index() * 1e9 / (whole.open() ? whole.arrivalRate() : whole.spawnRate()));
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a worker sent an interval that is not an HdrHistogram", e);
        }
    }

    /** {@code worker-<i>.hlog} per worker and {@code merged.hlog}, HdrHistogram's log format, tags raw/corrected. */
    private static Path writeLogs(
            WorkerPlan whole,
            Instant agreed,
            List<Coordinator.Worker> workers,
            TreeMap<Integer, Histogram[]> merged,
            DistributedSettings settings) {
        try {
            Path dir = settings.logs().orElse(null);
            if (dir == null) {
                dir = Files.createTempDirectory("infra-perf-workers-");
            }
            dir = dir.resolve(whole.phase().replaceAll("[^A-Za-z0-9._-]", "_"));
            Files.createDirectories(dir);
            double base = agreed.toEpochMilli() / 1000.0;
            for (Coordinator.Worker w : workers) {
                try (PrintStream out =
                        new PrintStream(Files.newOutputStream(dir.resolve("worker-" + w.endpoint.index() + ".hlog")))) {
                    HistogramLogWriter writer = start(out, base, w.endpoint.name());
                    for (WorkerInterval iv : w.intervals) {
                        write(writer, iv.offsetNanos(), iv.lengthNanos(), decode(iv.raw()), IntervalHistogram.RAW);
                        write(
                                writer,
                                iv.offsetNanos(),
                                iv.lengthNanos(),
                                decode(iv.corrected()),
                                IntervalHistogram.CORRECTED);
                    }
                }
            }
            try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("merged.hlog")))) {
                HistogramLogWriter writer = start(out, base, "merged");
                for (Map.Entry<Integer, Histogram[]> e : merged.entrySet()) {
                    long offset = e.getKey() * 1_000_000_000L;
                    write(writer, offset, 1_000_000_000L, e.getValue()[0], IntervalHistogram.RAW);
                    write(writer, offset, 1_000_000_000L, e.getValue()[1], IntervalHistogram.CORRECTED);
                }
            }
            return dir;
        } catch (IOException e) {
            System.out.println("[load] the workers' histogram logs could not be written: " + e);
            return null;
        }
    }

    private static HistogramLogWriter start(PrintStream out, double base, String who) {
        HistogramLogWriter writer = new HistogramLogWriter(out);
        writer.outputComment("infra-perf interval histograms of " + who + ", nanoseconds");
        writer.outputLogFormatVersion();
        writer.outputBaseTime((long) (base * 1000));
        writer.setBaseTime((long) (base * 1000));
        writer.outputLegend();
        return writer;
    }

    private static void write(HistogramLogWriter writer, long offsetNanos, long lengthNanos, Histogram h, String tag) {
        h.setTag(tag);
        h.setStartTimeStamp(0);
        writer.outputIntervalHistogram(offsetNanos / 1e9, (offsetNanos + lengthNanos) / 1e9, h, 1.0);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}

package dev.infraperf.mock.terrafix;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters and latency distribution behind {@code /status} and {@code /metrics}. Request threads record into
 * HdrHistogram {@link Recorder}s (wait-free, nanoseconds, 3 significant digits, auto-resizing); readers fold the
 * recorders' interval histograms into cumulative ones under this object's lock, so memory stays bounded whatever the
 * request count (the original kept every sample in a list).
 */
final class ProcessingStats {

    private final LongAdder total = new LongAdder();
    private final LongAdder successful = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder storeUnavailable = new LongAdder();
    private final Recorder latencyRecorder = new Recorder(3);
    private final Histogram latency = new Histogram(3);
    private final Map<RepoSize, Recorder> parseRecorders = new EnumMap<>(RepoSize.class);
    private final Map<RepoSize, Histogram> parse = new EnumMap<>(RepoSize.class);
    private volatile long startNanos = System.nanoTime();
    private Histogram latencyInterval;
    private final Map<RepoSize, Histogram> parseIntervals = new EnumMap<>(RepoSize.class);

    ProcessingStats() {
        for (RepoSize size : RepoSize.values()) {
            parseRecorders.put(size, new Recorder(3));
            parse.put(size, new Histogram(3));
        }
    }

    /** One {@code /webhook} or {@code /batch} request: its outcome and the time from receipt to answer. */
    void recordRequest(boolean success, long nanos) {
        total.increment();
        (success ? successful : failed).increment();
        latencyRecorder.recordValue(Math.max(0, nanos));
    }

    void recordSkipped() {
        skipped.increment();
    }

    void recordStoreUnavailable() {
        storeUnavailable.increment();
    }

    void recordParse(RepoSize size, long nanos) {
        parseRecorders.get(size).recordValue(Math.max(0, nanos));
    }

    synchronized void reset() {
        total.reset();
        successful.reset();
        failed.reset();
        skipped.reset();
        storeUnavailable.reset();
        latencyInterval = latencyRecorder.getIntervalHistogram(latencyInterval);
        latency.reset();
        for (RepoSize size : RepoSize.values()) {
            parseIntervals.put(size, parseRecorders.get(size).getIntervalHistogram(parseIntervals.get(size)));
            parse.get(size).reset();
        }
        startNanos = System.nanoTime();
    }

    /** A consistent copy for one {@code /status} or {@code /metrics} answer. */
    synchronized Snapshot snapshot(TerraformRepositories repositories) {
        latencyInterval = latencyRecorder.getIntervalHistogram(latencyInterval);
        latency.add(latencyInterval);
        Map<String, Object> parseBySize = new LinkedHashMap<>();
        for (RepoSize size : RepoSize.values()) {
            Histogram interval = parseRecorders.get(size).getIntervalHistogram(parseIntervals.get(size));
            parseIntervals.put(size, interval);
            Histogram cumulative = parse.get(size);
            cumulative.add(interval);
            TerraformRepositories.Repository repository = repositories.repository(size);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("resources", repository.resourceCount());
            entry.put("files", repository.files().size());
            entry.put("bytes", repository.bytes());
            entry.put("parses", cumulative.getTotalCount());
            entry.put("parse_ms", distribution(cumulative));
            parseBySize.put(size.label(), entry);
        }
        long totalCount = total.sum();
        long successCount = successful.sum();
        double uptime = (System.nanoTime() - startNanos) / 1e9;
        return new Snapshot(
                totalCount,
                successCount,
                failed.sum(),
                skipped.sum(),
                storeUnavailable.sum(),
                totalCount == 0 ? 0.0 : successCount * 100.0 / totalCount,
                uptime,
                uptime > 0 ? totalCount / uptime : 0.0,
                distribution(latency),
                parseBySize);
    }

    private static Map<String, Double> distribution(Histogram histogram) {
        Map<String, Double> values = new LinkedHashMap<>();
        boolean empty = histogram.getTotalCount() == 0;
        values.put("avg", empty ? 0.0 : round(histogram.getMean() / 1e6));
        values.put("min", empty ? 0.0 : ms(histogram.getMinValue()));
        values.put("max", empty ? 0.0 : ms(histogram.getMaxValue()));
        values.put("p50", empty ? 0.0 : ms(histogram.getValueAtPercentile(50)));
        values.put("p95", empty ? 0.0 : ms(histogram.getValueAtPercentile(95)));
        values.put("p99", empty ? 0.0 : ms(histogram.getValueAtPercentile(99)));
        return values;
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    /** Everything {@code /status} reports under {@code stats}, in the original's field names plus ours. */
    record Snapshot(
            long totalRequests,
            long successfulRequests,
            long failedRequests,
            long skippedDuplicates,
            long storeUnavailable,
            double successRatePercent,
            double uptimeSeconds,
            double requestsPerSecond,
            Map<String, Double> latencyMs,
            Map<String, Object> parseBySize) {

        Map<String, Object> toMap() {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("total_requests", totalRequests);
            stats.put("successful_requests", successfulRequests);
            stats.put("failed_requests", failedRequests);
            stats.put("success_rate_percent", Math.round(successRatePercent * 100) / 100.0);
            stats.put("uptime_seconds", Math.round(uptimeSeconds * 100) / 100.0);
            stats.put("requests_per_second", Math.round(requestsPerSecond * 100) / 100.0);
            stats.put("latency_ms", latencyMs);
            stats.put("skipped_duplicates", skippedDuplicates);
            stats.put("store_unavailable", storeUnavailable);
            stats.put("repositories", parseBySize);
            return stats;
        }
    }
}

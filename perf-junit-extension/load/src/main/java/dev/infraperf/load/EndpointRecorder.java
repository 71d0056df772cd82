package dev.infraperf.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The recording side of one request name: two HdrHistogram {@link Recorder}s in nanoseconds (raw service time and
 * latency corrected for coordinated omission) and outcome counters. Recording is wait-free and safe from any number
 * of user threads; the interval sampler is the only reader ({@code getIntervalHistogram} every interval).
 */
final class EndpointRecorder {

    /** 1 microsecond: finer resolution would only cost memory, HTTP latencies are not that precise. */
    static final long LOWEST_NANOS = 1_000;
    /** One hour: longer requests are clamped (no phase timeout is longer). */
    static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Values within 0.1%. */
    static final int DIGITS = 3;

    final String name;
    final String method;
    private final Recorder raw = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    private final Recorder corrected = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    /** Like {@link #corrected}, successful requests only: what latency verdicts judge. */
    private final Recorder succeededCorrected = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);

    final LongAdder issued = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder bodyBytes = new LongAdder();

    // Owned by the sampler thread.
    private Histogram rawInterval;
    private Histogram correctedInterval;
    private Histogram succeededInterval;
    final Histogram rawTotal = newHistogram();
    final Histogram correctedTotal = newHistogram();
    final Histogram succeededTotal = newHistogram();
    long lastSucceeded;
    long lastFailed;
    long lastTimedOut;

    EndpointRecorder(String name, String method) {
        this.name = name;
        this.method = method;
    }

    static Histogram newHistogram() {
        return new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    }

    /** Counts a request as issued, before it is sent, so a request in flight is never lost from the accounting. */
    void begin() {
        issued.increment();
    }

    /**
     * Records a finished request.
     *
     * @param startNanos when it was actually sent ({@link System#nanoTime()})
     * @param endNanos when its outcome was known
     * @param intendedStartNanos when it should have started (open model), 0 when there is no schedule
     * @param pacingNanos the closed model's interval between intended task starts, 0 when not paced
     */
    void complete(
            long startNanos, long endNanos, long intendedStartNanos, long pacingNanos, Outcome outcome, int bytes) {
        long service = clamp(endNanos - startNanos);
        raw.recordValue(service);
        Recorder ok = outcome == Outcome.SUCCESS ? succeededCorrected : null;
        if (intendedStartNanos != 0) {
            long latency = clamp(endNanos - intendedStartNanos);
            corrected.recordValue(latency);
            if (ok != null) {
                ok.recordValue(latency);
            }
        } else if (pacingNanos > 0) {
            corrected.recordValueWithExpectedInterval(service, pacingNanos);
            if (ok != null) {
                ok.recordValueWithExpectedInterval(service, pacingNanos);
            }
        } else {
            corrected.recordValue(service);
            if (ok != null) {
                ok.recordValue(service);
            }
        }
        switch (outcome) {
            case SUCCESS -> succeeded.increment();
            case TIMEOUT -> timedOut.increment();
            default -> failed.increment();
        }
        if (bytes > 0) {
            bodyBytes.add(bytes);
        }
    }

    /** Requests begun and not completed. */
    long outstanding() {
        return issued.sum() - succeeded.sum() - failed.sum() - timedOut.sum();
    }

    /** Moves what was recorded since the last call into the totals; returns {raw, corrected} of this interval. */
    Histogram[] sampleInterval() {
        rawInterval = raw.getIntervalHistogram(rawInterval);
        correctedInterval = corrected.getIntervalHistogram(correctedInterval);
        succeededInterval = succeededCorrected.getIntervalHistogram(succeededInterval);
        rawTotal.add(rawInterval);
        correctedTotal.add(correctedInterval);
        succeededTotal.add(succeededInterval);
        return new Histogram[] {rawInterval, correctedInterval};
    }

    private static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_NANOS);
    }
}

package dev.infraperf.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The recording side of one request name: latencies in nanoseconds in HdrHistogram {@link Recorder}s, and outcome
 * counters. Recording is wait-free and safe from any number of user threads; the interval sampler is the only reader.
 *
 * <p>The reports need three histograms per name: raw service time, latency corrected for coordinated omission, and
 * the corrected latency of successful requests (what latency verdicts judge). Recording each request into three
 * recorders cost up to 0.7 us per request on two cores (three atomic writers' phasers and three cache lines under
 * contention), so requests are recorded into disjoint parts instead, and the sampler adds the parts into the three:
 * a request without a schedule records once (its service time is raw, corrected and, on success, succeeded latency
 * at once); a scheduled one (open model, or paced) records its service time and its corrected latency. A part's
 * recorder is created when first used, so a name that only ever succeeds carries no failure recorder.
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
    /** Unscheduled successes: raw, corrected and succeeded at once. */
    private final Part plainSucceeded = new Part();
    /** Unscheduled failures and timeouts: raw and corrected. */
    private final Part plainFailed = new Part();
    /** Service time of scheduled requests: raw only. */
    private final Part scheduledRaw = new Part();
    /** Corrected latency of scheduled successes: corrected and succeeded. */
    private final Part scheduledSucceeded = new Part();
    /** Corrected latency of scheduled failures and timeouts: corrected only. */
    private final Part scheduledFailed = new Part();

    final LongAdder issued = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder bodyBytes = new LongAdder();

    // Owned by the sampler thread.
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
        boolean ok = outcome == Outcome.SUCCESS;
        if (intendedStartNanos != 0) {
            scheduledRaw.recorder().recordValue(service);
            (ok ? scheduledSucceeded : scheduledFailed).recorder().recordValue(clamp(endNanos - intendedStartNanos));
        } else if (pacingNanos > 0) {
            scheduledRaw.recorder().recordValue(service);
            (ok ? scheduledSucceeded : scheduledFailed)
                    .recorder()
                    .recordValueWithExpectedInterval(service, pacingNanos);
        } else {
            (ok ? plainSucceeded : plainFailed).recorder().recordValue(service);
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

    /**
     * Moves what was recorded since the last call into the totals and adds it to the given histograms of this
     * interval (all names of a phase share them).
     */
    void sampleInterval(Histogram intervalRaw, Histogram intervalCorrected) {
        add(plainSucceeded.interval(), intervalRaw, rawTotal, intervalCorrected, correctedTotal, succeededTotal);
        add(plainFailed.interval(), intervalRaw, rawTotal, intervalCorrected, correctedTotal);
        add(scheduledRaw.interval(), intervalRaw, rawTotal);
        add(scheduledSucceeded.interval(), intervalCorrected, correctedTotal, succeededTotal);
        add(scheduledFailed.interval(), intervalCorrected, correctedTotal);
    }

    /** Adds a part's interval to each histogram it belongs to; nothing when the part recorded nothing (null). */
    private static void add(Histogram from, Histogram... into) {
        if (from == null) {
            return;
        }
        for (Histogram target : into) {
            target.add(from);
        }
    }

    private static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_NANOS);
    }

    /** One disjoint part of the recording: its recorder, created on first use, and the sampler's interval copy. */
    private static final class Part {
        private volatile Recorder recorder;
        /** Owned by the sampler thread. */
        private Histogram interval;

        Recorder recorder() {
            Recorder r = recorder;
            return r != null ? r : create();
        }

        private synchronized Recorder create() {
            if (recorder == null) {
                recorder = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
            }
            return recorder;
        }

        /** What was recorded since the last call, or null when nothing was. */
        Histogram interval() {
            Recorder r = recorder;
            if (r == null) {
                return null;
            }
            interval = r.getIntervalHistogram(interval);
            return interval.getTotalCount() == 0 ? null : interval;
        }
    }
}

package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.infraperf.load.RunListener;
import dev.infraperf.reports.model.IntervalHistogram;
import java.time.Duration;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Hands the engine's interval snapshots of a worker's share to its {@link WorkerServer}; inert in any other JVM (the
 * coordinator's included). Registered through {@code META-INF/services/dev.infraperf.load.RunListener}.
 */
@API(status = INTERNAL, since = "0.1")
public final class WorkerListener implements RunListener {

    private static volatile Sink sink;

    /** Where the intervals of the share running under {@code test} go. */
    record Sink(String test, Consumer<WorkerInterval> intervals) {}

    static void attach(Sink target) {
        sink = target;
    }

    static void detach() {
        sink = null;
    }

    private long lastElapsedNanos;
    private int index;

    @Override
    public void phaseStarted(PhaseStarted event) {
        Sink s = sink;
        if (s != null && s.test().equals(event.test())) {
            synchronized (this) {
                lastElapsedNanos = 0;
                index = 0;
            }
        }
    }

    @Override
    public void interval(Interval event) {
        Sink s = sink;
        if (s == null || !s.test().equals(event.test())) {
            return;
        }
        WorkerInterval interval;
        synchronized (this) {
            long end = event.elapsed().toNanos();
            Duration offset = Duration.ofNanos(lastElapsedNanos);
            Duration length = Duration.ofNanos(Math.max(0, end - lastElapsedNanos));
            // encoded now: the engine reuses its histograms after this call
            String raw = IntervalHistogram.of(IntervalHistogram.RAW, offset, length, event.rawHistogram())
                    .compressedBase64();
            String corrected = IntervalHistogram.of(
                            IntervalHistogram.CORRECTED, offset, length, event.correctedHistogram())
                    .compressedBase64();
            interval = new WorkerInterval(
                    index++,
                    offset.toNanos(),
                    length.toNanos(),
                    event.ok(),
                    event.failed(),
                    event.totalOk(),
                    event.totalFailed(),
                    event.errorsByClass(),
                    event.dropped(),
                    event.users() + event.inFlight(),
                    raw,
                    corrected);
            lastElapsedNanos = end;
        }
        s.intervals().accept(interval);
    }
}

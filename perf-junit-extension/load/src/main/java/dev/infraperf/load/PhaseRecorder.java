package dev.infraperf.load;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything recorded during one phase: one {@link EndpointRecorder} per request name, failures, arrivals of the open
 * model that were never sent.
 *
 * <p>The books close once ({@link #closeBooks()}), when the phase is over: a request still in flight then (a thread
 * that ignored cancellation) is counted as timed out by {@link #abandonOutstanding()}, and whatever it records later
 * is ignored, so every figure of the result comes from one consistent snapshot.
 */
final class PhaseRecorder {

    /**
     * Recordings in progress are counted in stripes, one per thread-id class, each on its own cache line: one shared
     * counter was written twice per request by every user thread, and its cache line moving between cores cost more
     * than the recording itself. A power of two at least four times the cores, at most 64.
     */
    private static final int STRIPES =
            Math.min(64, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1);
    /** Longs per stripe: 128 bytes, two cache lines (the adjacent-line prefetcher pairs them). */
    private static final int PAD = 16;

    private final ConcurrentHashMap<String, EndpointRecorder> endpoints = new ConcurrentHashMap<>();
    final FailureLog failures = new FailureLog();
    /** Open model: arrivals not started because {@code maxInFlight} tasks were in flight at their intended start. */
    final LongAdder dropped = new LongAdder();
    /** Open model: arrivals due before the end that the scheduler could not start in time (an overloaded machine). */
    final LongAdder late = new LongAdder();
    /** Open model: arrivals whose task reached its first request only after the phase ended: never sent. */
    final LongAdder cutOff = new LongAdder();
    /**
     * Open model: actual start - intended start of every arrival that started, nanoseconds (1 us to 1 h, 3 digits):
     * the generator's own lateness, apart from the target's latencies.
     */
    final org.HdrHistogram.Recorder scheduleError = new org.HdrHistogram.Recorder(
            EndpointRecorder.LOWEST_NANOS, EndpointRecorder.HIGHEST_NANOS, EndpointRecorder.DIGITS);

    /** Recordings in progress, per stripe: slot {@code stripe * PAD}. */
    private final AtomicLongArray inProgress = new AtomicLongArray(STRIPES * PAD);

    private volatile boolean closed;

    /** The recorder of a request name; the first request of a name fixes the method shown in reports. */
    EndpointRecorder endpoint(String name, String method) {
        EndpointRecorder recorder = endpoints.get(name);
        return recorder != null ? recorder : endpoints.computeIfAbsent(name, n -> new EndpointRecorder(n, method));
    }

    Collection<EndpointRecorder> endpoints() {
        return endpoints.values();
    }

    /**
     * Starts a recording; false once the books are closed. Every true is followed by {@link #exit()} on the same
     * thread.
     */
    boolean enter() {
        int slot = slot();
        inProgress.getAndIncrement(slot);
        // Dekker with closeBooks: it sets closed, then reads every stripe; this increments, then reads closed
        // (both volatile), so either closeBooks sees this recording and waits for it, or this sees closed
        if (closed) {
            inProgress.getAndDecrement(slot);
            return false;
        }
        return true;
    }

    void exit() {
        inProgress.getAndDecrement(slot());
    }

    private static int slot() {
        return ((int) Thread.currentThread().threadId() & (STRIPES - 1)) * PAD;
    }

    /** Refuses further recordings and waits for those in progress (a few instructions each) to finish. */
    void closeBooks() {
        closed = true;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            while (inProgress.get(stripe * PAD) != 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** Requests begun and not completed, over every name (a moment's figure while users still record). */
    long outstanding() {
        long total = 0;
        for (EndpointRecorder ep : endpoints.values()) {
            total += ep.outstanding();
        }
        return total;
    }

    /**
     * After {@link #closeBooks()}: counts every request begun but not completed as timed out, with a failure sample.
     *
     * @return how many requests were abandoned
     */
    long abandonOutstanding() {
        long total = 0;
        for (EndpointRecorder ep : endpoints.values()) {
            long outstanding = ep.outstanding();
            if (outstanding > 0) {
                ep.timedOut.add(outstanding);
                failures.add(
                        Outcome.TIMEOUT,
                        ep.method,
                        ep.name,
                        "still in flight after the phase ended, abandoned",
                        outstanding);
                total += outstanding;
            }
        }
        return total;
    }

    /** Records how late an arrival started; negative values (never, with a monotonic clock) count as 0. */
    void arrivalStarted(long intendedNanos, long actualNanos) {
        long late = actualNanos - intendedNanos;
        scheduleError.recordValue(late < 0 ? 0 : Math.min(late, EndpointRecorder.HIGHEST_NANOS));
    }

    /** Every arrival of the schedule that was not sent: dropped, late and cut off. */
    long unsent() {
        return dropped.sum() + late.sum() + cutOff.sum();
    }
}

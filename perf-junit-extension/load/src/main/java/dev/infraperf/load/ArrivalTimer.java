package dev.infraperf.load;

import java.time.Duration;

/**
 * How the open model's scheduler waits for the instant of an arrival, and how a phase's threads sleep until an instant
 * unless the phase stops first ({@link #sleepUntil}). Internal.
 *
 * <p>A sleeping thread wakes late: Linux lets a timer fire up to the thread's timer slack (50 us by default) after its
 * instant, and the kernel must then schedule the thread. So the scheduler sleeps until a little before the instant
 * and spins the rest. The spin is bounded by {@link #MAX_SPIN_NANOS} and by an eighth of the gap since the previous
 * arrival, so it costs at most an eighth of a core however high the rate.
 */
final class ArrivalTimer {

    /** The longest spin before one arrival. */
    static final long MAX_SPIN_NANOS = 100_000;

    private ArrivalTimer() {}

    /** How long to spin before an arrival that comes {@code gapNanos} after the previous one. */
    static long spinNanos(long gapNanos) {
        return Math.max(0, Math.min(MAX_SPIN_NANOS, gapNanos / 8));
    }

    /**
     * Waits until {@code instantNanos} ({@link System#nanoTime()} time): sleeps until {@code spinNanos} before it,
     * then spins. Never returns true before the instant; false as soon as the phase stops (or the thread is
     * interrupted) first.
     */
    static boolean awaitInstant(long instantNanos, long spinNanos, PhaseState state) {
        if (!sleepUntil(instantNanos - spinNanos, state)) {
            return false;
        }
        while (System.nanoTime() - instantNanos < 0) {
            if (state.stopping()) {
                return false;
            }
            Thread.onSpinWait();
        }
        return !state.stopping();
    }

    /**
     * Sleeps until {@code deadlineNanos} ({@link System#nanoTime()} time); false when the phase stops (or the thread is
     * interrupted) first.
     */
    static boolean sleepUntil(long deadlineNanos, PhaseState state) {
        while (!state.stopping()) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return true;
            }
            try {
                Thread.sleep(Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }
}

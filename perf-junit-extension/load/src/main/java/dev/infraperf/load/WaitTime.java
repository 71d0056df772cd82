package dev.infraperf.load;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * How long a virtual user waits after a task before it starts the next one (Locust's {@code wait_time}).
 *
 * <p>{@code perf.timeScale} does not shorten wait times: they define how hard each user drives the target, and a
 * smoke run should apply the same per-user load for a shorter time.
 *
 * <p>Paced wait times ({@link #constantPacing(Duration)}, {@link #constantThroughput(double)}) give every task an
 * intended start, so a closed-model phase can correct their latencies for coordinated omission (HdrHistogram's
 * {@code recordValueWithExpectedInterval}); the other wait times have no schedule to correct against.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class WaitTime {

    private interface Strategy {
        long waitNanos(long taskStartNanos, long taskEndNanos);
    }

    private final Strategy strategy;
    private final long pacingNanos;
    private final String description;

    private WaitTime(Strategy strategy, long pacingNanos, String description) {
        this.strategy = strategy;
        this.pacingNanos = pacingNanos;
        this.description = description;
    }

    /** No wait at all: the next task starts as soon as the previous one ends (Locust's default). */
    public static WaitTime none() {
        return new WaitTime((s, e) -> 0, 0, "none");
    }

    /** Always waits {@code wait}. */
    public static WaitTime constant(Duration wait) {
        long nanos = nonNegative(wait, "constant").toNanos();
        return new WaitTime((s, e) -> nanos, 0, "constant(" + wait + ")");
    }

    /** Waits a uniformly random time in {@code [min, max]} (Locust's {@code between}). */
    public static WaitTime between(Duration min, Duration max) {
        long lo = nonNegative(min, "between").toNanos();
        long hi = nonNegative(max, "between").toNanos();
        if (hi < lo) {
            throw new IllegalArgumentException(
                    "WaitTime.between(" + min + ", " + max + "): max must not be less than min");
        }
        return new WaitTime(
                (s, e) -> lo == hi ? lo : ThreadLocalRandom.current().nextLong(lo, hi + 1),
                0,
                "between(" + min + ", " + max + ")");
    }

    /**
     * Starts a task every {@code interval}: waits {@code interval} minus the time the task took, or not at all when the
     * task took longer (Locust's {@code constant_pacing}).
     */
    public static WaitTime constantPacing(Duration interval) {
        long nanos = nonNegative(interval, "constantPacing").toNanos();
        if (nanos == 0) {
            throw new IllegalArgumentException("WaitTime.constantPacing(" + interval + "): use an interval > 0");
        }
        return new WaitTime((s, e) -> Math.max(0, nanos - (e - s)), nanos, "constantPacing(" + interval + ")");
    }

    /** Runs at most {@code tasksPerSecond} tasks per second per user (Locust's {@code constant_throughput}). */
    public static WaitTime constantThroughput(double tasksPerSecond) {
        if (!(tasksPerSecond > 0) || Double.isInfinite(tasksPerSecond)) {
            throw new IllegalArgumentException(
                    "WaitTime.constantThroughput(" + tasksPerSecond + "): use a finite rate > 0 tasks per second");
        }
        long nanos = Math.round(1e9 / tasksPerSecond);
        return new WaitTime(
                (s, e) -> Math.max(0, nanos - (e - s)), nanos, "constantThroughput(" + tasksPerSecond + "/s)");
    }

    /** A wait time computed before every wait, e.g. one that shrinks as the phase goes on. */
    public static WaitTime of(Supplier<Duration> next, String description) {
        Objects.requireNonNull(next, "next");
        return new WaitTime(
                (s, e) -> Math.max(0, next.get().toNanos()), 0, Objects.requireNonNull(description, "description"));
    }

    long waitNanos(long taskStartNanos, long taskEndNanos) {
        return strategy.waitNanos(taskStartNanos, taskEndNanos);
    }

    /** The interval between intended task starts, 0 when the wait time has no schedule. */
    long pacingNanos() {
        return pacingNanos;
    }

    @Override
    public String toString() {
        return description;
    }

    private static Duration nonNegative(Duration d, String factory) {
        Objects.requireNonNull(d, factory);
        if (d.isNegative()) {
            throw new IllegalArgumentException("WaitTime." + factory + ": " + d + " is negative; use a duration >= 0");
        }
        return d;
    }
}

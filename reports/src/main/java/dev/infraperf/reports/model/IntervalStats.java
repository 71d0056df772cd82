package dev.infraperf.reports.model;

import java.time.Duration;

/**
 * One reporting interval of a phase (a row of Locust's {@code _stats_history.csv}).
 *
 * @param offset start of the interval, relative to the phase start
 * @param length length of the interval
 * @param users active virtual users at the end of the interval (open model: requests in flight)
 * @param requests requests completed in the interval
 * @param failures requests completed in the interval that did not succeed
 * @param requestsPerSecond {@code requests / length} in requests per second
 * @param failuresPerSecond {@code failures / length} per second
 * @param latency latencies (corrected for coordinated omission when the engine corrects) of the
 *     requests completed in this interval, nanoseconds, without spectrum
 */
public record IntervalStats(
        Duration offset,
        Duration length,
        int users,
        long requests,
        long failures,
        double requestsPerSecond,
        double failuresPerSecond,
        LatencySummary latency) {
    private static final String NAME = "IntervalStats";

    public IntervalStats {
        Checks.notNull(offset, NAME, "offset");
        Checks.notNull(length, NAME, "length");
        if (offset.isNegative() || length.isNegative()) {
            throw new IllegalArgumentException(
                    NAME + ": offset and length must not be negative, found " + offset + " and " + length);
        }
        Checks.nonNegative(users, NAME, "users");
        Checks.nonNegative(requests, NAME, "requests");
        Checks.nonNegative(failures, NAME, "failures");
        if (failures > requests) {
            throw new IllegalArgumentException(
                    NAME + ".failures (" + failures + ") must not exceed requests (" + requests + ")");
        }
        Checks.nonNegative(requestsPerSecond, NAME, "requestsPerSecond");
        Checks.nonNegative(failuresPerSecond, NAME, "failuresPerSecond");
        Checks.notNull(latency, NAME, "latency");
    }

    /** An interval whose rates are computed from the counts and the length. */
    public static IntervalStats of(
            Duration offset, Duration length, int users, long requests, long failures, LatencySummary latency) {
        double seconds = length.toNanos() / 1e9;
        return new IntervalStats(
                offset,
                length,
                users,
                requests,
                failures,
                seconds == 0 ? 0 : requests / seconds,
                seconds == 0 ? 0 : failures / seconds,
                latency.withoutSpectrum());
    }
}

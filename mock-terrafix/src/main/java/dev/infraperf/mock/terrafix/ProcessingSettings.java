package dev.infraperf.mock.terrafix;

import java.util.concurrent.ThreadLocalRandom;

/** What {@code /configure} changes at run time; replaced as a whole so a request sees one consistent set. */
record ProcessingSettings(double latencyMs, double jitterMs, double failureRate) {

    /**
     * Upper bound of latency and jitter, in ms: 10 minutes. Longer waits outlive every HTTP client's timeout, and an
     * absurd one (1e300) would hold each request and its claim forever.
     */
    static final double MAX_MS = 600_000;

    /** The wait for one failure, in nanoseconds: uniform in [latency - jitter, latency + jitter], floored at 0. */
    long drawWaitNanos() {
        double ms = latencyMs;
        if (jitterMs > 0) {
            ms += ThreadLocalRandom.current().nextDouble(-jitterMs, jitterMs);
        }
        return ms <= 0 ? 0 : (long) (ms * 1_000_000);
    }

    boolean drawFailure() {
        return failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
    }
}

package dev.infraperf.mock.terrafix;

import java.util.concurrent.ThreadLocalRandom;

/** What {@code /configure} changes at run time; replaced as a whole so a request sees one consistent set. */
record ProcessingSettings(double latencyMs, double jitterMs, double failureRate) {

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

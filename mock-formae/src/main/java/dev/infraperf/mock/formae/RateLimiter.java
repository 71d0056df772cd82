package dev.infraperf.mock.formae;

import java.util.HashMap;
import java.util.Map;

/**
 * Formae's per-namespace token bucket ({@code changeset/rate_limiter.go}): at most {@code rate}
 * operations start per second in one namespace. A rate of 0 switches it off.
 */
final class RateLimiter {
    private final double rate;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }

    RateLimiter(double rate) {
        this.rate = rate;
    }

    boolean isOff() {
        return rate <= 0;
    }

    synchronized boolean tryAcquire(String namespace) {
        if (rate <= 0) {
            return true;
        }
        double capacity = Math.max(1.0, rate);
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(namespace, n -> new Bucket(capacity, now));
        double elapsedSeconds = (now - bucket.refilledAt) / 1e9;
        bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * rate);
        bucket.refilledAt = now;
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return true;
        }
        return false;
    }
}

package dev.infraperf.mock.formae.cloud;

import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets, one per namespace, refilled at the namespace's rate with a burst of one second's
 * worth (at least one token). Not thread-safe: the cloud calls it under its lock.
 */
final class NamespaceThrottle {

    private static final class Bucket {
        final double rate;
        double tokens;
        long refilledAt;

        Bucket(double rate, long now) {
            this.rate = rate;
            this.tokens = capacity(rate);
            this.refilledAt = now;
        }
    }

    private final Map<String, Bucket> buckets = new HashMap<>();

    private static double capacity(double rate) {
        return Math.max(1.0, rate);
    }

    /** Takes one token of {@code namespace} at {@code rate} ops/s; false when none is left. */
    boolean tryAcquire(String namespace, double rate, long nowNanos) {
        if (rate <= 0) {
            return true;
        }
        Bucket bucket = buckets.get(namespace);
        if (bucket == null || bucket.rate != rate) {
            bucket = new Bucket(rate, nowNanos);
            buckets.put(namespace, bucket);
        }
        double elapsed = (nowNanos - bucket.refilledAt) / 1e9;
        bucket.tokens = Math.min(capacity(rate), bucket.tokens + elapsed * rate);
        bucket.refilledAt = nowNanos;
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return true;
        }
        return false;
    }

    void clear() {
        buckets.clear();
    }
}

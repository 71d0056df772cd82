package dev.infraperf.mock.formae.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per key (a namespace such as {@code S3}): a bucket holds at most {@code
 * max(1, rate)} tokens, starts full and refills at {@code rate} tokens per second. A rate of 0 (or
 * less) lets everything through. A bucket whose rate changes starts again, full, at the new rate.
 *
 * <p>Time comes from an injected nanosecond clock ({@code System::nanoTime} in production), so tests
 * drive it by hand. Thread-safe.
 *
 * <p>Internal to mock-formae: the agent's rate limiter ({@code --rate-limit}, Formae's {@code
 * changeset/rate_limiter.go}) and the simulated cloud's throttle both use it; not an API.
 */
public final class TokenBuckets {

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

    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** Buckets on this clock, in nanoseconds of any origin (as {@link System#nanoTime()}). */
    public TokenBuckets(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    private static double capacity(double rate) {
        return Math.max(1.0, rate);
    }

    /** Takes one token of {@code key}'s bucket at {@code rate} per second; false when none is left. */
    public synchronized boolean tryAcquire(String key, double rate) {
        if (!(rate > 0)) {
            return true;
        }
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null || bucket.rate != rate) {
            bucket = new Bucket(rate, now);
            buckets.put(key, bucket);
        }
        double elapsedSeconds = Math.max(0, now - bucket.refilledAt) / 1e9;
        bucket.tokens = Math.min(capacity(rate), bucket.tokens + elapsedSeconds * rate);
        bucket.refilledAt = now;
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** Forgets every bucket: the next acquire of each key starts full. */
    public synchronized void clear() {
        buckets.clear();
    }
}

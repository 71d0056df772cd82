package dev.infraperf.mock.terrafix;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The embedded default: the same claim semantics as {@link RedisDedupStore} in a {@link ConcurrentHashMap}, whose
 * {@code compute} gives the atomicity that {@code SET NX} gives in Redis. Expired records are dropped when touched and
 * by a sweep every {@value #SWEEP_EVERY} claims, so memory holds at most one retention period of distinct failures, as
 * in Redis. Time comes from an injected monotonic clock in nanoseconds ({@link System#nanoTime} in production).
 */
final class InMemoryDedupStore implements DedupStore {

    static final int SWEEP_EVERY = 100_000;

    private record Entry(FailureRecord record, long expiresAtNanos) {
        boolean expired(long now) {
            return now - expiresAtNanos >= 0;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong claims = new AtomicLong();

    InMemoryDedupStore(Duration retention) {
        this(retention, System::nanoTime);
    }

    /** {@code nanoClock}: a monotonic clock in nanoseconds, like {@link System#nanoTime}. */
    InMemoryDedupStore(Duration retention, LongSupplier nanoClock) {
        this.ttlNanos = retention.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public Claim claim(String hash, FailureRecord inProgress, Duration lease) {
        if (claims.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        long now = nanoClock.getAsLong();
        long leaseNanos = Math.min(ttlNanos, lease.toNanos());
        Claim[] outcome = new Claim[1];
        entries.compute(hash, (key, current) -> {
            if (current != null && !current.expired(now) && current.record().blocksReprocessing()) {
                outcome[0] = Claim.duplicateOf(current.record());
                return current;
            }
            outcome[0] = Claim.won();
            return new Entry(inProgress, now + leaseNanos);
        });
        return outcome[0];
    }

    @Override
    public void finish(String hash, FailureRecord claimed, FailureRecord finalState) {
        entries.put(hash, new Entry(finalState, nanoClock.getAsLong() + ttlNanos));
    }

    /** The live record of {@code hash}, for tests. */
    FailureRecord get(String hash) {
        Entry entry = entries.get(hash);
        return entry == null || entry.expired(nanoClock.getAsLong()) ? null : entry.record();
    }

    int size() {
        return entries.size();
    }

    void sweep() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(entry -> entry.expired(now));
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public String describe() {
        return "in-memory";
    }

    @Override
    public void close() {
        entries.clear();
    }
}

package dev.infraperf.mock.terrafix;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded default: the same claim semantics as {@link RedisDedupStore} in a {@link ConcurrentHashMap}, whose
 * {@code compute} gives the atomicity that {@code SET NX} gives in Redis. Expired records are dropped when touched and
 * by a sweep every {@value #SWEEP_EVERY} claims, so memory holds at most one retention period of distinct failures, as
 * in Redis.
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
    private final AtomicLong claims = new AtomicLong();

    InMemoryDedupStore(Duration retention) {
        this.ttlNanos = retention.toNanos();
    }

    @Override
    public Claim claim(String hash, FailureRecord inProgress) {
        if (claims.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        long now = System.nanoTime();
        Claim[] outcome = new Claim[1];
        entries.compute(hash, (key, current) -> {
            if (current != null && !current.expired(now) && current.record().blocksReprocessing()) {
                outcome[0] = Claim.duplicateOf(current.record());
                return current;
            }
            outcome[0] = Claim.won();
            return new Entry(inProgress, now + ttlNanos);
        });
        return outcome[0];
    }

    @Override
    public void finish(String hash, FailureRecord finalState) {
        entries.put(hash, new Entry(finalState, System.nanoTime() + ttlNanos));
    }

    /** The live record of {@code hash}, for tests. */
    FailureRecord get(String hash) {
        Entry entry = entries.get(hash);
        return entry == null || entry.expired(System.nanoTime()) ? null : entry.record();
    }

    int size() {
        return entries.size();
    }

    private void sweep() {
        long now = System.nanoTime();
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

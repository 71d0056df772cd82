package dev.infraperf.mock.terrafix;

/**
 * Where failures are claimed before processing, as in TerraFix's {@code RedisStateStore}: a record per failure hash
 * whose status is {@code in_progress}, {@code completed} or {@code failed}. A claim succeeds when there is no record or
 * the record says {@code failed}; it is atomic, so of N concurrent identical failures exactly one is processed.
 */
interface DedupStore extends AutoCloseable {

    String KEY_PREFIX = "terrafix:failure:";

    /**
     * Claims {@code hash} for processing, storing {@code inProgress} with the retention as TTL when claimed.
     *
     * @throws StoreUnavailableException when the store cannot answer
     */
    Claim claim(String hash, FailureRecord inProgress);

    /** Records the final state (completed or failed) of a claimed failure, refreshing its TTL. */
    void finish(String hash, FailureRecord finalState);

    /** True when the store answers now. */
    boolean isReady();

    /** One-line description: {@code redis redis://host:port/db} or {@code in-memory}. */
    String describe();

    @Override
    void close();

    /** Outcome of a claim: either claimed, or the record of the earlier in-progress/completed failure. */
    record Claim(boolean claimed, FailureRecord existing) {
        static Claim won() {
            return new Claim(true, null);
        }

        static Claim duplicateOf(FailureRecord existing) {
            return new Claim(false, existing);
        }
    }
}

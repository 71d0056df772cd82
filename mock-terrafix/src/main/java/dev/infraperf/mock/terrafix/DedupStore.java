package dev.infraperf.mock.terrafix;

import java.time.Duration;
import java.util.List;

/**
 * Where failures are claimed before processing, as in TerraFix's {@code RedisStateStore}: a record per failure hash
 * whose status is {@code in_progress}, {@code completed} or {@code failed}. A claim succeeds when there is no record or
 * the record says {@code failed}; it is atomic, so of N concurrent identical failures exactly one is processed.
 *
 * <p>An {@code in_progress} claim lives for its lease only (the expected processing time plus a margin), not for the
 * retention: a claim whose process died or lost its store is free again after the lease instead of blocking the failure
 * for days. Completed and failed records live for the retention.
 */
interface DedupStore extends AutoCloseable {

    String KEY_PREFIX = "terrafix:failure:";

    /**
     * Claims {@code hash} for processing, storing {@code inProgress} for {@code lease} (at most the retention).
     *
     * @throws StoreUnavailableException when the store cannot answer; the claim may or may not have been stored, and a
     *     retry of the same failure through this store recognises it as its own
     */
    Claim claim(String hash, FailureRecord inProgress, Duration lease);

    /**
     * Records the final state (completed or failed) of the claim {@code claimed}, for the retention.
     *
     * @throws StoreUnavailableException when the store cannot answer; a retry of the same failure through this store
     *     then takes the claim over, or answers the completion if it was stored after all
     */
    void finish(String hash, FailureRecord claimed, FailureRecord finalState);

    /** True when the store answers now. */
    boolean isReady();

    /** One-line description: {@code redis redis://host:port/db} or {@code in-memory}. */
    String describe();

    /** What the store cannot guarantee, e.g. a Redis without persistence; empty when nothing. */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close();

    /** Outcome of a claim. */
    record Claim(Kind kind, FailureRecord existing) {

        enum Kind {
            /** Claimed: process the failure. */
            WON,
            /** Another copy is in progress or completed ({@link #existing()}): skip this one. */
            DUPLICATE,
            /**
             * An earlier attempt through this store completed the failure ({@link #existing()}) but its caller never
             * learned it (the store failed while answering): answer that completion instead of processing again.
             */
            RECOVERED
        }

        static Claim won() {
            return new Claim(Kind.WON, null);
        }

        static Claim duplicateOf(FailureRecord existing) {
            return new Claim(Kind.DUPLICATE, existing);
        }

        static Claim recovered(FailureRecord completed) {
            return new Claim(Kind.RECOVERED, completed);
        }

        boolean claimed() {
            return kind == Kind.WON;
        }
    }
}

package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The in-memory store has the Redis store's semantics: atomic claims, skips, retries of failures, expiry. */
class InMemoryDedupTest {

    private final LocustPayloads payloads = new LocustPayloads(7);

    @Test
    void fifty_concurrent_identical_webhooks_are_processed_exactly_once() throws Exception {
        try (RunningTerraFixMock mock =
                TerraFixMock.builder().port(0).latency(Duration.ofMillis(200)).start()) {
            MockClient client = new MockClient(mock.uri());
            Map<String, Object> failure = payloads.failure("small");
            List<MockClient.Reply> replies = new ArrayList<>();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<MockClient.Reply>> futures = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    futures.add(senders.submit(() -> client.post("/webhook", failure)));
                }
                for (Future<MockClient.Reply> future : futures) {
                    replies.add(future.get());
                }
            }
            assertThat(replies).extracting(MockClient.Reply::status).containsOnly(200);
            assertThat(replies.stream()
                            .filter(reply -> !reply.json().get("skipped").asBoolean())
                            .count())
                    .isEqualTo(1);
            assertThat(client.get("/status")
                            .json()
                            .at("/stats/skipped_duplicates")
                            .asLong())
                    .isEqualTo(49);
        }
    }

    /** A monotonic nanosecond clock that moves only when the test says so. */
    private static final class ManualClock implements LongSupplier {
        private long nanos = 1_000_000_000L;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void advance(Duration by) {
            nanos += by.toNanos();
        }
    }

    private static final Duration LEASE = Duration.ofSeconds(70);

    @Test
    void records_expire_after_the_retention_and_the_failure_is_processed_again() {
        ManualClock clock = new ManualClock();
        InMemoryDedupStore store = new InMemoryDedupStore(Duration.ofDays(7), clock);
        FailureRecord record = FailureRecord.inProgress("t", "arn");
        assertThat(store.claim("h", record, LEASE).claimed()).isTrue();
        assertThat(store.claim("h", record, LEASE).claimed()).isFalse();
        store.finish("h", record, record.completed("https://github.com/mock-org/mock-repo/pull/1"));
        clock.advance(Duration.ofDays(7).minusNanos(1));
        DedupStore.Claim duplicate = store.claim("h", record, LEASE);
        assertThat(duplicate.claimed()).isFalse();
        assertThat(duplicate.existing().status()).isEqualTo("completed");
        clock.advance(Duration.ofNanos(1));
        assertThat(store.get("h")).isNull();
        assertThat(store.claim("h", record, LEASE).claimed()).isTrue();
    }

    @Test
    void an_unfinished_claim_blocks_copies_for_its_lease_only_not_for_the_retention() {
        ManualClock clock = new ManualClock();
        InMemoryDedupStore store = new InMemoryDedupStore(Duration.ofDays(7), clock);
        FailureRecord record = FailureRecord.inProgress("t", "arn");
        assertThat(store.claim("h", record, LEASE).claimed()).isTrue();
        clock.advance(LEASE.minusNanos(1));
        assertThat(store.claim("h", record, LEASE).existing().status()).isEqualTo("in_progress");
        clock.advance(Duration.ofNanos(1));
        assertThat(store.claim("h", record, LEASE).claimed())
                .as("claim after its lease ended (never finished)")
                .isTrue();
    }

    @Test
    void the_sweep_drops_expired_records_and_keeps_live_ones() {
        ManualClock clock = new ManualClock();
        InMemoryDedupStore store = new InMemoryDedupStore(Duration.ofHours(1), clock);
        FailureRecord old = FailureRecord.inProgress("old", "arn");
        store.claim("old", old, LEASE);
        store.finish("old", old, old.completed("u"));
        clock.advance(Duration.ofMinutes(59));
        FailureRecord young = FailureRecord.inProgress("young", "arn");
        store.claim("young", young, LEASE);
        store.finish("young", young, young.completed("u"));
        clock.advance(Duration.ofMinutes(1));
        store.sweep();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.get("young").status()).isEqualTo("completed");
    }

    @Test
    void a_failed_record_is_claimed_again() {
        InMemoryDedupStore store = new InMemoryDedupStore(Duration.ofDays(7), new ManualClock());
        FailureRecord record = FailureRecord.inProgress("t", "arn");
        assertThat(store.claim("h", record, LEASE).claimed()).isTrue();
        store.finish("h", record, record.failed("boom"));
        assertThat(store.get("h").status()).isEqualTo("failed");
        assertThat(store.claim("h", record, LEASE).claimed()).isTrue();
        assertThat(store.get("h").status()).isEqualTo("in_progress");
    }
}

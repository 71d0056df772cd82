package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void records_expire_after_the_retention_and_the_failure_is_processed_again() throws Exception {
        InMemoryDedupStore store = new InMemoryDedupStore(Duration.ofMillis(1000));
        FailureRecord record = FailureRecord.inProgress("t", "arn");
        assertThat(store.claim("h", record).claimed()).isTrue();
        assertThat(store.claim("h", record).claimed()).isFalse();
        store.finish("h", record.completed("https://github.com/mock-org/mock-repo/pull/1"));
        DedupStore.Claim duplicate = store.claim("h", record);
        assertThat(duplicate.claimed()).isFalse();
        assertThat(duplicate.existing().status()).isEqualTo("completed");
        Thread.sleep(1100);
        assertThat(store.get("h")).isNull();
        assertThat(store.claim("h", record).claimed()).isTrue();
    }

    @Test
    void a_failed_record_is_claimed_again() {
        InMemoryDedupStore store = new InMemoryDedupStore(Duration.ofDays(7));
        FailureRecord record = FailureRecord.inProgress("t", "arn");
        assertThat(store.claim("h", record).claimed()).isTrue();
        store.finish("h", record.failed("boom"));
        assertThat(store.get("h").status()).isEqualTo("failed");
        assertThat(store.claim("h", record).claimed()).isTrue();
        assertThat(store.get("h").status()).isEqualTo("in_progress");
    }
}

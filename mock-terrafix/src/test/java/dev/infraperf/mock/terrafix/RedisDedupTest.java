package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Dedup against a real Redis: exactly-once under concurrency, the stored record and its TTL, retries of failures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDedupTest {

    private RedisServer redis;
    private RunningTerraFixMock mock;
    private MockClient client;
    private RedisClient lettuce;
    private StatefulRedisConnection<String, String> inspect;
    private final LocustPayloads payloads = new LocustPayloads(System.nanoTime());

    @BeforeAll
    void start() {
        redis = RedisServer.resolve();
        mock = TerraFixMock.builder()
                .port(0)
                .latency(Duration.ofMillis(200))
                .redisUrl(redis.url())
                .retention(Duration.ofDays(3))
                .start();
        client = new MockClient(mock.uri());
        lettuce = RedisClient.create(redis.url());
        inspect = lettuce.connect();
    }

    @AfterAll
    void stop() {
        if (inspect != null) {
            inspect.close();
            lettuce.shutdown();
        }
        if (mock != null) {
            mock.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void defaults() {
        client.post("/configure", Map.of("latency_ms", 200, "failure_rate", 0));
    }

    @Test
    void the_handle_and_status_name_the_redis_store() {
        assertThat(mock.dedupStore()).startsWith("redis redis://127.0.0.1:");
        assertThat(client.get("/status").json().get("dedup_store").asText()).isEqualTo(mock.dedupStore());
    }

    @Test
    void fifty_concurrent_identical_webhooks_are_processed_exactly_once() throws Exception {
        Map<String, Object> failure = payloads.failure("small");
        int copies = 50;
        List<MockClient.Reply> replies = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<MockClient.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                futures.add(senders.submit(() -> client.post("/webhook", failure)));
            }
            for (Future<MockClient.Reply> future : futures) {
                replies.add(future.get());
            }
        }
        assertThat(replies).extracting(MockClient.Reply::status).containsOnly(200);
        long processed = replies.stream()
                .filter(reply -> !reply.json().get("skipped").asBoolean())
                .count();
        assertThat(processed).as("copies processed (not skipped)").isEqualTo(1);
        assertThat(replies)
                .allSatisfy(reply ->
                        assertThat(reply.json().get("success").asBoolean()).isTrue());
    }

    @Test
    void the_record_is_stored_under_the_sha256_key_with_the_retention_as_ttl() throws Exception {
        Map<String, Object> failure = payloads.failure("small");
        String hash = TerraFixApi.failureHash((String) failure.get("test_id"), (String) failure.get("resource_arn"));
        String key = "terrafix:failure:" + hash;
        assertThat(client.post("/webhook", failure).status()).isEqualTo(200);

        JsonNode record = MockClient.JSON.readTree(inspect.sync().get(key));
        assertThat(record.get("status").asText()).isEqualTo("completed");
        assertThat(record.get("test_id").asText()).isEqualTo(failure.get("test_id"));
        assertThat(record.get("resource_arn").asText()).isEqualTo(failure.get("resource_arn"));
        assertThat(record.get("pr_url").asText()).startsWith("https://github.com/mock-org/mock-repo/pull/");
        assertThat(record.has("claimed_at")).isTrue();
        assertThat(record.has("completed_at")).isTrue();
        long threeDays = Duration.ofDays(3).toSeconds();
        assertThat(inspect.sync().ttl(key)).isBetween(threeDays - 5, threeDays);
    }

    @Test
    void a_copy_arriving_while_the_first_is_in_progress_is_skipped_as_in_progress() throws Exception {
        Map<String, Object> failure = payloads.failure("small");
        client.post("/configure", Map.of("latency_ms", 600));
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<MockClient.Reply> first = senders.submit(() -> client.post("/webhook", failure));
            Thread.sleep(250);
            MockClient.Reply second = client.post("/webhook", failure);
            assertThat(second.json().get("skipped").asBoolean()).isTrue();
            assertThat(second.json().get("status").asText()).isEqualTo("in_progress");
            assertThat(first.get().json().get("skipped").asBoolean()).isFalse();
        }
    }

    @Test
    void a_failed_failure_is_recorded_as_failed_and_processed_again() throws Exception {
        Map<String, Object> failure = payloads.failure("small");
        String key = "terrafix:failure:"
                + TerraFixApi.failureHash((String) failure.get("test_id"), (String) failure.get("resource_arn"));
        client.post("/configure", Map.of("latency_ms", 0, "failure_rate", 1));
        assertThat(client.post("/webhook", failure).status()).isEqualTo(500);
        JsonNode failed = MockClient.JSON.readTree(inspect.sync().get(key));
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("last_error").asText()).isEqualTo("Simulated processing failure");

        client.post("/configure", Map.of("failure_rate", 0));
        MockClient.Reply retried = client.post("/webhook", failure);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("skipped").asBoolean()).isFalse();
        assertThat(MockClient.JSON
                        .readTree(inspect.sync().get(key))
                        .get("status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void concurrent_retries_of_a_failed_failure_are_processed_once() throws Exception {
        Map<String, Object> failure = payloads.failure("small");
        client.post("/configure", Map.of("latency_ms", 0, "failure_rate", 1));
        assertThat(client.post("/webhook", failure).status()).isEqualTo(500);
        client.post("/configure", Map.of("latency_ms", 200, "failure_rate", 0));
        List<MockClient.Reply> replies = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<MockClient.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(senders.submit(() -> client.post("/webhook", failure)));
            }
            for (Future<MockClient.Reply> future : futures) {
                replies.add(future.get());
            }
        }
        assertThat(replies.stream()
                        .filter(reply -> !reply.json().get("skipped").asBoolean())
                        .count())
                .isEqualTo(1);
    }
}

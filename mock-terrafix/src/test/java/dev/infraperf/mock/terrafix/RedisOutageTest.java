package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis going away and coming back: 503 and not ready while it is down, recovery by itself (within 15 s). */
class RedisOutageTest {

    private final LocustPayloads payloads = new LocustPayloads(11);

    @Test
    void requests_needing_the_store_answer_503_and_recover_by_themselves_when_redis_returns() throws Exception {
        try (RedisServer redis = RedisServer.startOwned()) {
            try (RunningTerraFixMock mock = TerraFixMock.builder()
                    .port(0)
                    .latency(Duration.ZERO)
                    .redisUrl(redis.url())
                    .start()) {
                MockClient client = new MockClient(mock.uri());
                assertThat(client.post("/webhook", payloads.failure("small")).status())
                        .isEqualTo(200);
                int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

                redis.stop();
                await("webhook answering 503 while Redis is down")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> {
                            MockClient.Reply down = client.post("/webhook", payloads.failure("small"));
                            assertThat(down.status()).isEqualTo(503);
                            assertThat(down.json().get("error").asText())
                                    .startsWith("dedup store unavailable (redis redis://127.0.0.1:");
                        });
                MockClient.Reply notReady = client.get("/ready");
                assertThat(notReady.status()).isEqualTo(503);
                assertThat(notReady.json().get("status").asText()).isEqualTo("not ready");
                assertThat(notReady.json().get("reason").asText()).contains("dedup store unavailable");
                assertThat(client.get("/health").status()).isEqualTo(200);
                MockClient.Reply batch = client.post("/batch", payloads.batch(3, "small"));
                assertThat(batch.status()).isEqualTo(503);
                assertThat(batch.json().get("error").asText()).contains("dedup store unavailable");
                for (int i = 0; i < 50; i++) {
                    client.post("/webhook", payloads.failure("small"));
                }

                redis.start();
                // Lettuce reconnects every 250 ms, so this takes about a second; the bound is generous for a
                // loaded 2-core machine and still fails a mock that never reconnects by itself.
                await("readiness and webhooks after Redis came back")
                        .atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(50))
                        .untilAsserted(() -> {
                            assertThat(client.get("/ready").status()).isEqualTo(200);
                            assertThat(client.post("/webhook", payloads.failure("small"))
                                            .status())
                                    .isEqualTo(200);
                        });
                assertThat(client.get("/status")
                                .json()
                                .at("/stats/store_unavailable")
                                .asLong())
                        .isGreaterThanOrEqualTo(51);
                assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
                        .as("platform threads after the outage (no leak)")
                        .isLessThanOrEqualTo(threadsBefore + 10);
                assertThat(client.post("/configure", Map.of("latency_ms", 0)).status())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void a_hung_redis_times_requests_out_with_503_and_they_succeed_again_once_it_answers() throws Exception {
        try (RedisServer redis = RedisServer.startOwned()) {
            try (RunningTerraFixMock mock = TerraFixMock.builder()
                    .port(0)
                    .latency(Duration.ZERO)
                    .redisUrl(redis.url())
                    .start()) {
                MockClient client = new MockClient(mock.uri());
                assertThat(client.post("/webhook", payloads.failure("small")).status())
                        .isEqualTo(200);
                redis.pause();
                try {
                    long start = System.nanoTime();
                    MockClient.Reply hung = client.post("/webhook", payloads.failure("small"));
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(hung.status()).isEqualTo(503);
                    assertThat(hung.json().get("error").asText()).contains("did not answer within 2000 ms");
                    // At least the 2 s command timeout by construction; well before the client's own 30 s timeout.
                    assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(20));
                    assertThat(client.get("/ready").status()).isEqualTo(503);
                } finally {
                    redis.resume();
                }
                await("webhooks after Redis answers again")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(client.post("/webhook", payloads.failure("small"))
                                        .status())
                                .isEqualTo(200));
            }
        }
    }
}

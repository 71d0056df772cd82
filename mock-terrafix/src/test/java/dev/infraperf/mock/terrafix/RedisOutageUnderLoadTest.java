package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13's probe: 24 threads send distinct failures while Redis is killed (kill -9, AOF on, restarted on the same
 * port) or frozen (SIGSTOP for 6 s). A failure answered 503 is retried until it is answered 200. Afterwards every key is
 * replayed: each must be a completed duplicate (no claim stuck in_progress), and each failure must have been processed
 * (answered 200 with {@code skipped: false}) exactly once over all its attempts.
 */
class RedisOutageUnderLoadTest {

    private static final int THREADS = 24;

    /** One key's attempts: how many 503s, and each 200 as "processed" or the skipped duplicate's status. */
    private record Attempts(List<Integer> statuses, List<String> outcomes) {}

    @ParameterizedTest(name = "Redis {0} under 24 threads: 0 stuck claims, every 503'd failure processed once")
    @ValueSource(strings = {"killed", "stopped"})
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void a_failure_answered_503_is_processed_exactly_once_after_a_retry(String outage, @TempDir Path aof)
            throws Exception {
        try (RedisServer redis = RedisServer.startOwnedWithAof(aof);
                RunningTerraFixMock mock = TerraFixMock.builder()
                        .port(0)
                        .latency(Duration.ofMillis(20))
                        .jitter(Duration.ofMillis(10))
                        .redisUrl(redis.url())
                        .start()) {
            MockClient client = new MockClient(mock.uri());
            Map<String, Attempts> attempts = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> gaveUp = new ConcurrentLinkedQueue<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger total503 = new AtomicInteger();
            long retryDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<Future<?>> senders = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    senders.add(pool.submit(() -> {
                        for (int n = 0; sending.get(); n++) {
                            String testId = "outage-" + outage + "-" + thread + "-" + n;
                            Map<String, Object> failure = Map.of("test_id", testId, "resource_arn", "arn:aws:s3:::b");
                            Attempts mine = new Attempts(new ArrayList<>(), new ArrayList<>());
                            attempts.put(testId, mine);
                            while (true) {
                                MockClient.Reply reply = client.post("/webhook", failure);
                                mine.statuses().add(reply.status());
                                if (reply.status() == 200) {
                                    mine.outcomes()
                                            .add(
                                                    reply.json().get("skipped").asBoolean()
                                                            ? "skipped "
                                                                    + reply.json()
                                                                            .get("status")
                                                                            .asText()
                                                            : "processed");
                                    break;
                                }
                                assertThat(reply.status()).as(reply.body()).isEqualTo(503);
                                mine.outcomes()
                                        .add("503 " + reply.json().get("error").asText());
                                total503.incrementAndGet();
                                if (System.nanoTime() > retryDeadline) {
                                    gaveUp.add(testId);
                                    break;
                                }
                                Thread.sleep(100);
                            }
                        }
                        return null;
                    }));
                }
                awaitAnswers(attempts, 200);
                if (outage.equals("killed")) {
                    redis.kill();
                    Thread.sleep(3000);
                    redis.start(); // same port and AOF directory: the data written before the kill comes back
                } else {
                    redis.pause();
                    Thread.sleep(6000);
                    redis.resume();
                }
                int beforeRecovery = attempts.size();
                awaitAnswers(attempts, beforeRecovery + 200);
                sending.set(false);
                for (Future<?> sender : senders) {
                    sender.get(100, TimeUnit.SECONDS);
                }
            } finally {
                sending.set(false);
                pool.shutdownNow();
            }

            assertThat(gaveUp)
                    .as("failures still answered 503 after 90 s of retries")
                    .isEmpty();
            List<String> answered503 = attempts.entrySet().stream()
                    .filter(entry -> entry.getValue().statuses().contains(503))
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(answered503)
                    .as("failures answered 503 during the outage")
                    .isNotEmpty();

            Map<String, List<String>> notProcessedOnce = new TreeMap<>();
            attempts.forEach((key, mine) -> {
                long processed =
                        mine.outcomes().stream().filter("processed"::equals).count();
                mine.outcomes().removeIf(outcome -> outcome.startsWith("503 ") && processed == 1);
                if (processed != 1) {
                    notProcessedOnce.put(
                            key,
                            List.of(mine.statuses().toString(), mine.outcomes().toString()));
                }
            });
            assertThat(notProcessedOnce)
                    .as(
                            "failures not processed exactly once (of %d, %d answered 503 at least once)",
                            attempts.size(), answered503.size())
                    .isEmpty();

            Map<String, String> replayedNotCompleted = new TreeMap<>();
            try (ExecutorService replay = Executors.newFixedThreadPool(THREADS)) {
                List<Future<?>> replays = new ArrayList<>();
                for (String key : attempts.keySet()) {
                    replays.add(replay.submit(() -> {
                        MockClient.Reply again =
                                client.post("/webhook", Map.of("test_id", key, "resource_arn", "arn:aws:s3:::b"));
                        if (again.status() != 200
                                || !again.json().get("skipped").asBoolean()
                                || !"completed"
                                        .equals(again.json().get("status").asText())) {
                            synchronized (replayedNotCompleted) {
                                replayedNotCompleted.put(key, again.status() + " " + again.body());
                            }
                        }
                    }));
                }
                for (Future<?> future : replays) {
                    future.get(60, TimeUnit.SECONDS);
                }
            }
            assertThat(replayedNotCompleted)
                    .as("replayed keys that are not a completed duplicate (stuck in_progress or processed again)")
                    .isEmpty();
            assertThat(recordsByStatus(redis))
                    .as("dedup records in Redis by status")
                    .containsOnlyKeys("completed");
        }
    }

    /** Bounded wait until at least {@code count} keys have been started, so each phase sees real load. */
    private static void awaitAnswers(Map<String, Attempts> attempts, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (attempts.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(attempts.size()).as("failures sent within 60 s").isGreaterThanOrEqualTo(count);
    }

    private static Map<String, Integer> recordsByStatus(RedisServer redis) {
        RedisClient lettuce = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = lettuce.connect()) {
            Map<String, Integer> byStatus = new TreeMap<>();
            List<String> keys = connection.sync().keys(DedupStore.KEY_PREFIX + "*");
            for (String key : keys) {
                String value = connection.sync().get(key);
                byStatus.merge(FailureRecord.fromJson(value).status(), 1, Integer::sum);
            }
            return byStatus;
        } finally {
            lettuce.shutdown();
        }
    }
}

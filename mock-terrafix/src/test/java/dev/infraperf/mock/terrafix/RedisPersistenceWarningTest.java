package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis that keeps no data across restarts loses every claim and completed record when it restarts, and those
 * failures are processed again: the mock says so in {@link RunningTerraFixMock#warnings()} (printed on stderr at
 * start-up) and under {@code warnings} in {@code /status}, and checks again whenever it reconnects.
 */
class RedisPersistenceWarningTest {

    @Test
    void a_redis_without_persistence_is_named_in_the_warnings_and_one_with_aof_is_not(@TempDir Path aof) {
        try (RedisServer redis = RedisServer.startOwned();
                RunningTerraFixMock mock =
                        TerraFixMock.builder().port(0).redisUrl(redis.url()).start()) {
            String expected = mock.dedupStore()
                    + " keeps no data across restarts (save \"\", appendonly no): every claim and completed record"
                    + " is lost when it restarts, and those failures are processed again";
            assertThat(mock.warnings()).containsExactly(expected);
            assertThat(new MockClient(mock.uri()).get("/status").json().get("warnings"))
                    .extracting(node -> node.asText())
                    .containsExactly(expected);
        }
        try (RedisServer redis = RedisServer.startOwnedWithAof(aof);
                RunningTerraFixMock mock =
                        TerraFixMock.builder().port(0).redisUrl(redis.url()).start()) {
            assertThat(mock.warnings()).isEmpty();
            assertThat(new MockClient(mock.uri()).get("/status").json().get("warnings"))
                    .isEmpty();
        }
    }

    @Test
    void a_redis_that_comes_back_without_persistence_is_noticed_on_reconnect(@TempDir Path aof) {
        try (RedisServer redis = RedisServer.startOwnedWithAof(aof);
                RunningTerraFixMock mock =
                        TerraFixMock.builder().port(0).redisUrl(redis.url()).start()) {
            assertThat(mock.warnings()).isEmpty();
            redis.stop();
            redis.persistNextStartIn(null);
            redis.start();
            await("the warning after Redis came back without persistence")
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(mock.warnings())
                            .singleElement()
                            .asString()
                            .contains("keeps no data across restarts"));
        }
    }

    @Test
    void the_in_memory_store_has_no_redis_warning() {
        try (RunningTerraFixMock mock = TerraFixMock.builder().port(0).start()) {
            assertThat(mock.warnings()).isEmpty();
        }
    }
}

package dev.infraperf.terrafix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.Docker;
import dev.infraperf.parts.Executables;
import dev.infraperf.parts.FreePort;
import dev.infraperf.parts.PartFailedException;
import dev.infraperf.parts.PasswordRedis;
import dev.infraperf.parts.ResolvedPart;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisPartTest {

    @Test
    void without_configuration_or_docker_a_redis_server_on_path_is_started_and_stopped() throws Exception {
        assumeTrue(Executables.onPath("redis-server").isPresent(), "no redis-server on PATH");
        assumeTrue(!Docker.isAvailable(), "Docker is present, so the container candidate applies first");

        ResolvedPart<URI> redis = RedisPart.resolve(PerfConfig.of(Map.of(), Map.of(), Map.of()));
        int port = redis.value().getPort();
        try {
            assertThat(RedisPart.ping("127.0.0.1", port)).isTrue();
            assertThat(redis.reason())
                    .matches("Redis: redis-server \\S+ started on 127\\.0\\.0\\.1:" + port
                            + " \\(no REDIS_URL, no Docker\\)");
        } finally {
            redis.close();
        }
        assertThat(RedisPart.ping("127.0.0.1", port))
                .as("redis-server stopped on close")
                .isFalse();
    }

    @Test
    void a_configured_url_is_used_as_is_when_it_answers() throws Exception {
        assumeTrue(Executables.onPath("redis-server").isPresent() || Docker.isAvailable(), "no Redis can be started");
        try (ResolvedPart<URI> started = RedisPart.resolve(PerfConfig.of(Map.of(), Map.of(), Map.of()))) {
            PerfConfig config =
                    PerfConfig.of(Map.of(), Map.of("REDIS_URL", started.value().toString()), Map.of());

            ResolvedPart<URI> configured = RedisPart.resolve(config);

            assertThat(configured.value()).isEqualTo(started.value());
            assertThat(configured.reason()).isEqualTo("Redis: using " + started.value() + " from REDIS_URL");
        }
    }

    @Test
    void a_configured_url_that_does_not_answer_fails_instead_of_falling_back() {
        int closedPort = FreePort.pick();
        PerfConfig config =
                PerfConfig.of(Map.of("perf.redis.url", "redis://127.0.0.1:" + closedPort), Map.of(), Map.of());

        assertThatThrownBy(() -> RedisPart.resolve(config))
                .isInstanceOf(PartFailedException.class)
                .hasMessage("Redis: perf.redis.url=redis://127.0.0.1:" + closedPort
                        + " (from system property perf.redis.url) does not answer PING (ConnectException) on 127.0.0.1:"
                        + closedPort);
    }

    /** The password of the tests below, built at run time so the compiled class does not hold it whole. */
    private static final String PASSWORD = String.join("/", "s3c", "ret");

    @Test
    void a_password_with_a_slash_must_be_percent_encoded_and_the_error_does_not_show_it() {
        PerfConfig config = PerfConfig.of(
                Map.of("perf.redis.url", "redis://default:" + PASSWORD + "@127.0.0.1:6379"), Map.of(), Map.of());

        assertThatThrownBy(() -> RedisPart.resolve(config))
                .isInstanceOf(PartFailedException.class)
                .hasMessageContaining("perf.redis.url=redis://default:****@127.0.0.1:6379")
                .hasMessageContaining("must be percent-encoded")
                .hasMessageContaining("/ as %2F")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3c").doesNotContain("ret@"));
    }

    @Test
    void a_url_of_another_scheme_is_refused_naming_the_accepted_form() {
        PerfConfig config = PerfConfig.of(Map.of("perf.redis.url", "http://127.0.0.1:6379"), Map.of(), Map.of());

        assertThatThrownBy(() -> RedisPart.resolve(config))
                .isInstanceOf(PartFailedException.class)
                .hasMessageContaining("is not a Redis URL; use redis://[user:password@]host[:port][/db]");
    }

    @Test
    void a_password_protected_server_is_used_with_the_urls_percent_encoded_credentials() throws Exception {
        var binary = PasswordRedis.binary();
        assumeTrue(binary.isPresent(), "no redis-server on PATH");
        try (PasswordRedis redis = PasswordRedis.start(binary.get(), PASSWORD)) {
            String url = "redis://default:" + PASSWORD.replace("/", "%2F") + "@127.0.0.1:" + redis.port();

            ResolvedPart<URI> resolved =
                    RedisPart.resolve(PerfConfig.of(Map.of("perf.redis.url", url), Map.of(), Map.of()));

            assertThat(resolved.value().getPort()).isEqualTo(redis.port());
            assertThat(resolved.reason())
                    .isEqualTo("Redis: using redis://default:****@127.0.0.1:" + redis.port() + " from perf.redis.url");
            assertThat(RedisPart.probe("127.0.0.1", redis.port(), ":wrong"))
                    .startsWith("refused the URL's credentials (WRONGPASS");
            assertThat(RedisPart.probe("127.0.0.1", redis.port(), null)).startsWith("needs a password (NOAUTH)");
        }
    }
}

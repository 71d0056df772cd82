package dev.infraperf.mock.terrafix;

import java.time.Duration;
import java.util.Objects;

/**
 * Entry point of the embeddable TerraFix mock-mode server.
 *
 * <p>The server speaks the API of TerraFix's {@code api_server.py} in mock mode ({@code /health}, {@code /ready},
 * {@code /status}, {@code /metrics}, {@code /stats/reset}, {@code /webhook}, {@code /batch}, {@code /configure}, plus
 * {@code /openapi.json}), deduplicates failures like the real pipeline (Redis {@code SET NX EX} on {@code
 * terrafix:failure:<sha256(test_id-resource_arn)>}, or an in-memory store with the same semantics), and simulates
 * processing: a Terraform repository of the requested size is parsed with hcl4j, then the request waits the configured
 * latency (plus jitter) on its virtual thread and fails at the configured rate.
 *
 * <pre>{@code
 * try (RunningTerraFixMock mock = TerraFixMock.builder()
 *         .port(0)                               // a free port
 *         .latency(Duration.ofMillis(50))
 *         .redisUrl("redis://127.0.0.1:6379/0")  // omit for the in-memory dedup store
 *         .start()) {
 *     URI base = mock.uri();                     // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class TerraFixMock {

    /** Default port of the original server ({@code TERRAFIX_API_PORT}). */
    public static final int DEFAULT_PORT = 8081;

    /** Default retention of dedup records ({@code STATE_RETENTION_DAYS}, 7 days). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private TerraFixMock() {}

    /** Returns a builder with the defaults: 127.0.0.1, port 8081, 50 ms latency, no jitter, no failures, in memory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Immutable-in-spirit fluent configuration of one mock server; {@link #start()} validates it and starts the server.
     * Every setter names the accepted range; {@link #start()} throws {@link IllegalArgumentException} naming the setter
     * and the value found when a value is outside it.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Duration latency = Duration.ofMillis(50);
        private Duration jitter = Duration.ZERO;
        private double failureRate;
        private String redisUrl;
        private Duration retention = DEFAULT_RETENTION;

        private Builder() {}

        /** Address to bind; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 0-65535; 0 picks a free port. Default 8081. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Simulated processing time per failure, &gt;= 0. Default 50 ms. */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** Jitter, &gt;= 0: each wait is drawn uniformly from [latency - jitter, latency + jitter], floored at 0. */
        public Builder jitter(Duration jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** Probability in [0, 1] that processing a failure ends in the simulated failure (HTTP 500). Default 0. */
        public Builder failureRate(double failureRate) {
            this.failureRate = failureRate;
            return this;
        }

        /**
         * Redis to deduplicate in, as a {@code redis://[[user]:password@]host[:port][/db]} URL; {@code null} (the
         * default) selects the in-memory store.
         */
        public Builder redisUrl(String redisUrl) {
            this.redisUrl = redisUrl;
            return this;
        }

        /** Time-to-live of dedup records, at least 1 s. Default 7 days ({@code STATE_RETENTION_DAYS}). */
        public Builder retention(Duration retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * Validates the configuration, connects the dedup store and starts serving.
         *
         * @throws IllegalArgumentException when a value is out of range
         * @throws IllegalStateException when Redis cannot be reached or the port cannot be bound
         */
        public RunningTerraFixMock start() {
            MockOptions options = new MockOptions(host, port, latency, jitter, failureRate, redisUrl, retention);
            return RunningTerraFixMock.start(options);
        }
    }
}

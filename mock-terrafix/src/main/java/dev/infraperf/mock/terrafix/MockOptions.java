package dev.infraperf.mock.terrafix;

import java.time.Duration;

/** Validated start-up options of one mock server. */
record MockOptions(
        String host,
        int port,
        Duration latency,
        Duration jitter,
        double failureRate,
        String redisUrl,
        Duration retention) {

    static final Duration MAX_WAIT = Duration.ofMillis((long) ProcessingSettings.MAX_MS);

    MockOptions {
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port [" + port + "] is out of range; use 0-65535 (0 = a free port)");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency [" + latency + "] is negative; use a duration >= 0");
        }
        if (latency.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("latency [" + latency + "] is longer than 10 minutes; use 0 to PT10M");
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter [" + jitter + "] is negative; use a duration >= 0");
        }
        if (jitter.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("jitter [" + jitter + "] is longer than 10 minutes; use 0 to PT10M");
        }
        if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
            throw new IllegalArgumentException(
                    "failureRate [" + failureRate + "] is outside [0, 1]; use a probability such as 0.05");
        }
        if (retention.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("retention [" + retention + "] is shorter than 1 s; use e.g. 7 days");
        }
        if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new IllegalArgumentException(
                    "redisUrl [" + redisUrl + "] is not a Redis URL; use redis://host:port/db (or null for in-memory)");
        }
    }

    ProcessingSettings processingSettings() {
        return new ProcessingSettings(latency.toNanos() / 1e6, jitter.toNanos() / 1e6, failureRate);
    }
}

package dev.infraperf.formae;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the embedded mock-formae is started (ignored for an agent given by URL or binary).
 *
 * @param mockBugs mock-formae bug switches to turn on
 * @param rateLimit operations per second per namespace (0 = off)
 * @param syncInterval the synchronizer's period; zero = on demand only
 * @param cloudLatencyScale the simulated cloud's latency scale, negative for its default
 * @param persistCallTimeout the store call timeout under {@code persist-timeout}, when not the default
 * @param legacyStoreCost the per-resource store cost under {@code persist-timeout}, when not the default
 */
record AgentSettings(
        List<String> mockBugs,
        double rateLimit,
        Duration syncInterval,
        double cloudLatencyScale,
        Optional<Duration> persistCallTimeout,
        Optional<Duration> legacyStoreCost) {

    AgentSettings {
        mockBugs = List.copyOf(mockBugs);
    }
}

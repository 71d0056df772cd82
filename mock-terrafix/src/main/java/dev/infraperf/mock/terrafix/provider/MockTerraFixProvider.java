package dev.infraperf.mock.terrafix.provider;

import dev.infraperf.mock.terrafix.RunningTerraFixMock;
import dev.infraperf.mock.terrafix.TerraFixMock;
import dev.infraperf.spi.ProvidedTarget;
import dev.infraperf.spi.TargetProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Lets infra-perf start mock-terrafix as a load target, in the test's JVM on a free loopback port. Options:
 * {@code latencyMs} (default 50), {@code failureRate} (0..1, default 0), {@code redisUrl} (absent: in-memory dedup).
 * The started mock is warmed up (every repository size parsed, statistics reset) so that its JIT warm-up is not what
 * the first phase measures.
 */
public final class MockTerraFixProvider implements TargetProvider {

    /** The name this provider is selected by. */
    public static final String NAME = "mock-terrafix";

    private static final Set<String> KEYS = Set.of("latencyMs", "failureRate", "redisUrl");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProvidedTarget start(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "mock-terrafix has no option [" + key + "]; accepted: " + String.join(", ", KEYS));
            }
        }
        long latencyMs = number(options, "latencyMs", 50, 0, 600_000);
        double failureRate = probability(options.getOrDefault("failureRate", "0"));
        String redisUrl = options.get("redisUrl");
        RunningTerraFixMock mock = TerraFixMock.builder()
                .host("127.0.0.1")
                .port(0)
                .latency(Duration.ofMillis(latencyMs))
                .failureRate(failureRate)
                .redisUrl(redisUrl)
                .start();
        try {
            WarmUp.run(mock.uri());
        } catch (RuntimeException e) {
            mock.close();
            throw e;
        }
        String description = "mock-terrafix started on " + mock.uri() + ", latency " + latencyMs + "ms, failure rate "
                + failureRate + ", dedup store " + mock.dedupStore();
        return new Started(mock, description);
    }

    private static long number(Map<String, String> options, String key, long fallback, long min, long max) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "mock-terrafix option " + key + " [" + text + "] is not an integer in [" + min + ", " + max + "]");
    }

    private static double probability(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "mock-terrafix option failureRate [" + text + "] is not a probability between 0 and 1");
    }

    private record Started(RunningTerraFixMock mock, String description) implements ProvidedTarget {
        @Override
        public URI uri() {
            return mock.uri();
        }

        @Override
        public void close() {
            mock.close();
        }
    }
}

package dev.infraperf.mock.formae.provider;

import dev.infraperf.mock.formae.MockFormaeLauncher;
import dev.infraperf.mock.formae.RunningMockFormae;
import dev.infraperf.spi.AgentProvider;
import dev.infraperf.spi.ProvidedAgent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets infra-perf start mock-formae (agent and simulated cloud, each its own process) as the agent of a Formae
 * cycle. Settings come from {@link MockFormae} on the test element, overridden by explicit options: {@code bugs}
 * (comma-separated), {@code rateLimit}, {@code cloudLatencyScale}, {@code syncInterval}, {@code persistCallTimeout}
 * and {@code legacyStoreCost} (durations such as {@code 300ms}).
 */
public final class MockFormaeProvider implements AgentProvider {

    /** The name this provider is selected by. */
    public static final String NAME = "mock-formae";

    private static final List<String> KEYS =
            List.of("bugs", "rateLimit", "cloudLatencyScale", "syncInterval", "persistCallTimeout", "legacyStoreCost");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProvidedAgent start(Request request) {
        Map<String, String> settings = new LinkedHashMap<>();
        request.elements().stream()
                .map(e -> e.getAnnotation(MockFormae.class))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .ifPresent(a -> {
                    settings.put("bugs", String.join(",", a.bugs()));
                    settings.put("rateLimit", Double.toString(a.rateLimit()));
                    settings.put("cloudLatencyScale", Double.toString(a.cloudLatencyScale()));
                    settings.put("syncInterval", a.syncInterval());
                });
        for (Map.Entry<String, String> option : request.options().entrySet()) {
            if (!KEYS.contains(option.getKey())) {
                throw new IllegalArgumentException(
                        "mock-formae has no option [" + option.getKey() + "]; accepted: " + String.join(", ", KEYS));
            }
            settings.put(option.getKey(), option.getValue());
        }
        Set<String> bugs = new TreeSet<>();
        Arrays.stream(settings.getOrDefault("bugs", "").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(bugs::add);
        double rateLimit = number(settings, "rateLimit", 2.0);
        if (rateLimit < 0) {
            throw new IllegalArgumentException("@MockFormae.rateLimit [" + rateLimit
                    + "] is negative; use operations per second per namespace, or 0 for no limit");
        }
        double timeScale = request.timeScale() > 0 ? request.timeScale() : 1.0;
        double effectiveRate = rateLimit / timeScale;
        double latencyScale = number(settings, "cloudLatencyScale", -1);
        if (latencyScale < 0) {
            latencyScale = timeScale;
        }
        MockFormaeLauncher.Builder builder = MockFormaeLauncher.builder()
                .dataDir(request.dataDir())
                .bugs(bugs)
                .rateLimit(effectiveRate)
                .syncInterval(duration(settings, "syncInterval").orElse(Duration.ZERO))
                .cloudArgs(List.of("--latency-scale", Double.toString(latencyScale)));
        duration(settings, "persistCallTimeout").ifPresent(builder::persistCallTimeout);
        duration(settings, "legacyStoreCost").ifPresent(builder::legacyStoreCost);
        RunningMockFormae running = builder.start();
        String description = "mock-formae started at " + running.uri() + " (cloud " + running.cloudUri() + "), bugs "
                + bugs + ", rate limit " + (effectiveRate == 0 ? "off" : effectiveRate + "/s")
                + ", cloud latency scale " + latencyScale;
        return new Started(running, description);
    }

    private static double number(Map<String, String> settings, String key, double fallback) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mock-formae option " + key + " [" + text + "] is not a number");
        }
    }

    private static Optional<Duration> duration(Map<String, String> settings, String key) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("mock-formae option " + key + " [" + text
                    + "] is not a duration; use <number>(ms|s|m), e.g. 300ms or 30s");
        }
        double amount = Double.parseDouble(m.group(1));
        long millis = (long) (amount * (m.group(2).equals("ms") ? 1 : m.group(2).equals("s") ? 1_000 : 60_000));
        return Optional.of(Duration.ofMillis(millis));
    }

    private record Started(RunningMockFormae running, String description) implements ProvidedAgent {
        @Override
        public URI uri() {
            return running.uri();
        }

        @Override
        public Optional<URI> cloudUri() {
            return Optional.of(running.cloudUri());
        }

        @Override
        public Path logFile() {
            return running.logFile();
        }

        @Override
        public void kill() {
            running.kill();
        }

        @Override
        public void restart() {
            running.restart();
        }

        @Override
        public boolean isAlive() {
            return running.isAgentAlive();
        }

        @Override
        public void close() {
            running.close();
        }
    }
}

package dev.infraperf.load;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.DurationParser;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.mock.terrafix.RunningTerraFixMock;
import dev.infraperf.mock.terrafix.TerraFixMock;
import dev.infraperf.parts.PartUnavailableException;
import dev.infraperf.parts.RedisPart;
import dev.infraperf.parts.ResolvedPart;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * Finds the TerraFix target: {@code perf.terrafix.url}, else an embedded mock-terrafix (an optional dependency, only
 * touched when present) with Redis when one resolves. The result is closed after the test class.
 */
final class TargetResolver {

    static final String MOCK_CLASS = "dev.infraperf.mock.terrafix.TerraFixMock";

    /** A resolved target and what to close afterwards, mock first, then Redis. */
    static final class Resolved implements AutoCloseable {
        final LoadTarget target;
        private final List<AutoCloseable> closeables;

        Resolved(LoadTarget target, List<AutoCloseable> closeables) {
            this.target = target;
            this.closeables = closeables;
        }

        @Override
        public void close() throws Exception {
            Exception failure = null;
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private TargetResolver() {}

    static Resolved resolve(PerfConfig config, TerraFix settings) {
        var url = config.lookup(PerfConfig.TERRAFIX_URL);
        if (url.isPresent()) {
            URI uri = URI.create(url.get().value().strip());
            if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
                throw new ConfigurationException(
                        url.get().describe() + " is not an http:// URL; use e.g. http://127.0.0.1:8081");
            }
            warmUp(uri);
            return new Resolved(
                    new LoadTarget(
                            uri,
                            List.of("TerraFix: " + PerfConfig.maskedUri(uri) + " from "
                                    + url.get().origin() + " (no embedded mock started)")),
                    List.of());
        }
        if (!mockPresent()) {
            throw new TestAbortedException("TerraFix: no " + PerfConfig.TERRAFIX_URL
                    + " set and mock-terrafix is not on the classpath; set " + PerfConfig.TERRAFIX_URL
                    + " or add dev.infraperf:mock-terrafix as a test dependency");
        }
        return Embedded.start(config, settings);
    }

    private static boolean mockPresent() {
        try {
            Class.forName(MOCK_CLASS, false, TargetResolver.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * One unmeasured request before the first phase: checks that the target answers and keeps the embedded server's
     * first-request cost (class loading, JIT) out of the first phase's figures.
     */
    static void warmUp(URI target) {
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(5))
                    .build();
            java.net.http.HttpResponse<String> response = client.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(target + "/health"))
                            .timeout(java.time.Duration.ofSeconds(10))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("TerraFix at " + target + " answered GET /health with HTTP "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("TerraFix at " + target + " does not answer GET /health: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking TerraFix at " + target, e);
        }
    }

    /**
     * Sends unmeasured failures of every repository size to an embedded mock, then resets its statistics: the mock
     * runs in the test's JVM, and its JIT warm-up (the Terraform parsing above all) is not what a phase should measure.
     * Never done against {@code perf.terrafix.url}, where failures would be processed for real.
     */
    static void warmUpProcessing(URI target) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .build();
        List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String size : List.of("small", "medium", "large")) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    String id = "warm-up-" + java.util.UUID.randomUUID();
                    batch.append(i == 0 ? "" : ",")
                            .append("{\"test_id\":\"")
                            .append(id)
                            .append("\",\"resource_arn\":\"arn:aws:s3:::")
                            .append(id)
                            .append("\",\"resource_type\":\"AWS::S3::Bucket\",\"resource_details\":{\"repo_size\":\"")
                            .append(size)
                            .append("\"}}");
                }
                batch.append(']');
                sent.add(client.sendAsync(
                        java.net.http.HttpRequest.newBuilder(URI.create(target + "/batch"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch.toString()))
                                .timeout(java.time.Duration.ofSeconds(30))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()));
            }
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(sent.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            client.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(target + "/stats/reset"))
                            .timeout(java.time.Duration.ofSeconds(10))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException
                | java.io.IOException e) {
            throw new IllegalStateException("warming up the embedded mock-terrafix at " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up mock-terrafix at " + target, e);
        }
    }

    /** Only loaded when mock-terrafix is on the classpath. */
    private static final class Embedded {
        static Resolved start(PerfConfig config, TerraFix settings) {
            List<String> lines = new ArrayList<>();
            List<AutoCloseable> closeables = new ArrayList<>();
            String latencyText = settings == null ? "50ms" : settings.latency();
            double failureRate = settings == null ? 0.0 : settings.failureRate();
            if (!(failureRate >= 0 && failureRate <= 1)) {
                throw new ConfigurationException("[" + failureRate + "] is not valid for @TerraFix.failureRate; use a"
                        + " probability between 0 and 1");
            }
            var latency = DurationParser.parse(latencyText, "@TerraFix.latency");
            String redisUrl = null;
            if (settings == null || settings.redis()) {
                try {
                    ResolvedPart<URI> redis = RedisPart.resolve(config);
                    redisUrl = redis.value().toString();
                    lines.add(redis.reason());
                    closeables.add(redis);
                } catch (PartUnavailableException e) {
                    lines.add("Redis: none available (" + e.getMessage()
                            + "); mock-terrafix deduplicates in its in-memory store");
                }
            } else {
                lines.add("Redis: not used (@TerraFix(redis = false)); mock-terrafix deduplicates in memory");
            }
            RunningTerraFixMock mock;
            try {
                mock = TerraFixMock.builder()
                        .port(0)
                        .latency(latency)
                        .failureRate(failureRate)
                        .redisUrl(redisUrl)
                        .start();
            } catch (RuntimeException e) {
                for (AutoCloseable c : closeables) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            closeables.add(0, mock);
            warmUp(mock.uri());
            warmUpProcessing(mock.uri());
            lines.add(
                    0,
                    "TerraFix: mock-terrafix started on " + mock.uri() + " (no " + PerfConfig.TERRAFIX_URL
                            + "), latency " + DurationParser.format(latency) + ", failure rate " + failureRate
                            + ", dedup store " + mock.dedupStore());
            return new Resolved(new LoadTarget(mock.uri(), lines), closeables);
        }
    }
}

package dev.infraperf.terrafix;

import dev.infraperf.config.ConfigValue;
import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.DurationParser;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.load.ProvidedTargets;
import dev.infraperf.load.ResolvedTarget;
import dev.infraperf.parts.PartUnavailableException;
import dev.infraperf.parts.ResolvedPart;
import dev.infraperf.spi.ProvidedTarget;
import dev.infraperf.spi.TargetProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/** Resolves the TerraFix target of a {@link TerraFix} class once, before its tests, and provides it to its phases. */
final class TerraFixExtension implements BeforeAllCallback {

    static final String NAME = "TerraFix";
    static final String PROVIDER = "mock-terrafix";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ProvidedTargets.isProvided(context)) {
            return;
        }
        TerraFix settings = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), TerraFix.class)
                .orElseThrow();
        PerfConfig config = PerfConfig.fromJUnit(context);
        Optional<ConfigValue> url = config.lookup(TerraFix.URL_KEY);
        if (url.isPresent()) {
            URI uri = deployed(url.get());
            requireHealthy(uri);
            ProvidedTargets.provide(
                    context,
                    new ResolvedTarget(
                            NAME,
                            uri,
                            List.of(NAME + ": " + PerfConfig.maskedUri(uri) + " from "
                                    + url.get().origin() + " (no embedded mock started)")),
                    () -> {});
            return;
        }
        TargetProvider provider =
                ServiceLoader.load(TargetProvider.class, TerraFixExtension.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(p -> p.name().equals(PROVIDER))
                        .findFirst()
                        .orElseThrow(() -> new TestAbortedException(NAME + ": no " + TerraFix.URL_KEY
                                + " set and mock-terrafix is not on the test classpath; set " + TerraFix.URL_KEY
                                + " or add dev.infraperf:mock-terrafix (test scope)"));
        startEmbedded(context, config, settings, provider);
    }

    private static void startEmbedded(
            ExtensionContext context, PerfConfig config, TerraFix settings, TargetProvider provider) {
        if (!(settings.failureRate() >= 0 && settings.failureRate() <= 1)) {
            throw new ConfigurationException("[" + settings.failureRate() + "] is not valid for @TerraFix.failureRate;"
                    + " use a probability between 0 and 1");
        }
        Duration latency = DurationParser.parse(settings.latency(), "@TerraFix.latency");
        List<String> lines = new ArrayList<>();
        List<AutoCloseable> closeables = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("latencyMs", Long.toString(latency.toMillis()));
        options.put("failureRate", Double.toString(settings.failureRate()));
        if (settings.redis()) {
            try {
                ResolvedPart<URI> redis = RedisPart.resolve(config);
                options.put("redisUrl", redis.value().toString());
                lines.add(redis.reason());
                closeables.add(redis);
            } catch (PartUnavailableException e) {
                lines.add("Redis: none available (" + e.getMessage()
                        + "); mock-terrafix deduplicates in its in-memory store");
            }
        } else {
            lines.add("Redis: not used (@TerraFix(redis = false)); mock-terrafix deduplicates in memory");
        }
        ProvidedTarget started;
        try {
            started = provider.start(options);
        } catch (RuntimeException e) {
            closeAll(closeables, e);
            throw e;
        }
        closeables.add(0, started);
        lines.add(0, NAME + ": " + started.description() + " (no " + TerraFix.URL_KEY + ")");
        ProvidedTargets.provide(context, new ResolvedTarget(NAME, started.uri(), lines), () -> {
            RuntimeException failure = new RuntimeException("closing the TerraFix target failed");
            if (closeAll(closeables, failure)) {
                throw failure;
            }
        });
    }

    private static boolean closeAll(List<AutoCloseable> closeables, Throwable into) {
        boolean failed = false;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                into.addSuppressed(e);
                failed = true;
            }
        }
        return failed;
    }

    private static URI deployed(ConfigValue value) {
        URI uri;
        try {
            uri = URI.create(value.value().strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(value.describe() + " is not a URL; use e.g. http://127.0.0.1:8081");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (uri.getHost() == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new ConfigurationException(
                    value.describe() + " is not an http:// or https:// URL; use e.g. http://127.0.0.1:8081");
        }
        return uri;
    }

    /** TerraFix answers {@code GET /health}; a deployed service that does not is not worth loading. */
    private static void requireHealthy(URI target) {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(target + "/health"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(NAME + " at " + PerfConfig.maskedUri(target)
                        + " answered GET /health with HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    NAME + " at " + PerfConfig.maskedUri(target) + " does not answer GET /health: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + NAME, e);
        }
    }
}

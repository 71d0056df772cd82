package dev.infraperf.load;

import dev.infraperf.config.ConfigValue;
import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Finds the target of a test's phases: {@value LoadTarget#URL_KEY}, then {@link LoadTarget} on the method, then on the
 * class, then a target a product extension provided ({@link ProvidedTargets}).
 */
final class TargetResolution {

    private TargetResolution() {}

    static TargetEndpoint resolve(ExtensionContext context, PerfConfig config) {
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        Optional<LoadTarget> annotation = AnnotationSupport.findAnnotation(method, LoadTarget.class)
                .or(() -> AnnotationSupport.findAnnotation(testClass, LoadTarget.class));
        String where = AnnotationSupport.isAnnotated(method, LoadTarget.class)
                ? "@LoadTarget on " + testClass.getSimpleName() + "." + method.getName()
                : "@LoadTarget on " + testClass.getSimpleName();
        TlsTrust trust =
                TlsTrust.from(config, annotation.map(LoadTarget::trustStore).orElse(""));
        Optional<ConfigValue> configured = config.lookup(LoadTarget.URL_KEY);
        if (configured.isPresent()) {
            URI uri = parse(configured.get().value(), configured.get().describe());
            String name =
                    annotation.map(LoadTarget::name).filter(n -> !n.isBlank()).orElse(hostPort(uri));
            String health = annotation.map(LoadTarget::health).orElse("");
            TargetEndpoint endpoint = new TargetEndpoint(
                    new ResolvedTarget(
                            name,
                            uri,
                            List.of(name + ": " + PerfConfig.maskedUri(uri) + " from "
                                    + configured.get().origin() + trust.describe())),
                    trust);
            HealthCheck.require(endpoint, health);
            return endpoint;
        }
        if (annotation.isPresent()) {
            LoadTarget target = annotation.get();
            URI uri = parse(target.url(), where + " url [" + target.url() + "]");
            String name = target.name().isBlank() ? hostPort(uri) : target.name();
            TargetEndpoint endpoint = new TargetEndpoint(
                    new ResolvedTarget(
                            name,
                            uri,
                            List.of(name + ": " + PerfConfig.maskedUri(uri) + " from " + where + trust.describe())),
                    trust);
            HealthCheck.require(endpoint, target.health());
            return endpoint;
        }
        return ProvidedTargets.find(context)
                .map(t -> new TargetEndpoint(t, trust))
                .orElseThrow(() -> new ConfigurationException("no load target for " + testClass.getSimpleName() + "."
                        + method.getName() + ": add @LoadTarget(url = \"http://host:port\") to the class or method,"
                        + " set " + LoadTarget.URL_KEY + ", or use a product target such as @TerraFix"
                        + " (dev.infraperf:infra-perf-terrafix)"));
    }

    static URI parse(String text, String what) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(
                    what + " is not a URL (" + e.getReason() + "); use http://host:port or https://host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new ConfigurationException(
                    what + " is not an http:// or https:// URL with a host; use e.g. http://127.0.0.1:8080");
        }
        return uri;
    }

    static String hostPort(URI uri) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }
}

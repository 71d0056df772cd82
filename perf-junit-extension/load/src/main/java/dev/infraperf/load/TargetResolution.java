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
            String url = placeholder(target.url(), where, context);
            URI uri = parse(url, where + " url [" + url + "]");
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

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([^}]+)}");

    /**
     * {@code ${name}} in a {@link LoadTarget#url()} is replaced by the system property, environment variable or JUnit
     * configuration parameter of that name (first wins), so a test can name a URL known only at run time.
     */
    static String placeholder(String url, String where, ExtensionContext context) {
        java.util.regex.Matcher m = PLACEHOLDER.matcher(url);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            String value = Optional.ofNullable(System.getProperty(name))
                    .or(() -> Optional.ofNullable(System.getenv(name)))
                    .or(() -> context.getConfigurationParameter(name))
                    .filter(v -> !v.isBlank())
                    .orElseThrow(() -> new ConfigurationException(where + " url [" + url + "] names ${" + name
                            + "}, which no system property, environment variable or JUnit configuration parameter"
                            + " sets; set it (e.g. System.setProperty in @BeforeAll) or give the URL itself"));
            m.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        return resolved.toString();
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

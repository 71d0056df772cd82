package dev.infraperf.config;

import dev.infraperf.reports.SecretMask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one configuration model of infra-perf: an immutable view of the {@code perf.*} settings.
 *
 * <p>Every key is looked up in these sources; the first that has it wins:
 *
 * <ol>
 *   <li>a JVM system property with the key itself: {@code -Dperf.timeScale=0.02} (Maven's
 *       {@code -D} reaches the forked test JVM);
 *   <li>an environment variable: the key upper-cased, dots and camel-case humps turned into
 *       underscores ({@code perf.timeScale} is {@code PERF_TIME_SCALE}, {@code perf.redis.url} is
 *       {@code PERF_REDIS_URL}); a few keys also accept the variable their ecosystem uses
 *       ({@code REDIS_URL}, {@code AWS_ENDPOINT_URL}), after the {@code PERF_} one;
 *   <li>a JUnit configuration parameter with the key itself, e.g. a line of
 *       {@code src/test/resources/junit-platform.properties} or a launcher parameter;
 *   <li>the default the caller gives.
 * </ol>
 *
 * <p>So a command line overrides the environment, which overrides what is checked into the project.
 *
 * <p>Example: {@code mvn verify -Pperf -Dperf.timeScale=0.02 -Dperf.resourceScale=0.1} runs every
 * scenario with durations at 2% and resource counts at 10%; results record the scales used.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PerfConfig {

    /** Multiplies every load duration; {@code 0.02} turns a 5 minute phase into 6 seconds. Default 1. */
    public static final String TIME_SCALE = "perf.timeScale";
    /** Multiplies every {@code @ResourceCount}; {@code 0.1} turns 2000 resources into 200. Default 1. */
    public static final String RESOURCE_SCALE = "perf.resourceScale";
    /** A running Redis, {@code redis://host:port[/db]}. Alias: {@code REDIS_URL}. */
    public static final String REDIS_URL = "perf.redis.url";
    /** An AWS API endpoint (moto, LocalStack, real AWS). Alias: {@code AWS_ENDPOINT_URL}. */
    public static final String AWS_ENDPOINT = "perf.aws.endpoint";
    /** A running Formae agent, e.g. {@code http://127.0.0.1:49684}. */
    public static final String FORMAE_URL = "perf.formae.url";
    /** A {@code formae} CLI binary to drive instead of the REST API. */
    public static final String FORMAE_BINARY = "perf.formae.binary";
    /** A deployed TerraFix webhook service, e.g. {@code http://127.0.0.1:8081}. */
    public static final String TERRAFIX_URL = "perf.terrafix.url";
    /** Where run directories go. Default {@code target/perf-results}. */
    public static final String RESULTS_DIR = "perf.results.dir";
    /** The run history file kept across runs. Default {@code perf-history.csv} in the results dir's parent. */
    public static final String HISTORY_FILE = "perf.history.file";

    private static final Map<String, List<String>> ALIASES =
            Map.of(REDIS_URL, List.of("REDIS_URL"), AWS_ENDPOINT, List.of("AWS_ENDPOINT_URL"));

    private static final double MIN_SCALE = 0.0001;
    private static final double MAX_SCALE = 100;

    private final Function<String, Optional<String>> systemProperties;
    private final Function<String, Optional<String>> environment;
    private final Function<String, Optional<String>> junitParameters;

    private PerfConfig(
            Function<String, Optional<String>> systemProperties,
            Function<String, Optional<String>> environment,
            Function<String, Optional<String>> junitParameters) {
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.junitParameters = junitParameters;
    }

    /**
     * The system property that isolates infra-perf's own unit tests from a user's settings: {@value}. When it is
     * {@code true} (infra-perf's build sets it for surefire), {@code -Dperf.*} system properties, {@code PERF_*}
     * environment variables and JUnit parameters that merely echo a {@code -Dperf.*} value are ignored, so that {@code
     * mvn verify -Pperf -Dperf.timeScale=0.02} shortens the perf scenarios and not the unit tests' expectations.
     * Ecosystem variables ({@code REDIS_URL}, {@code AWS_ENDPOINT_URL}) still count: they name parts, not settings.
     */
    public static final String ISOLATED = "perf.config.isolated";

    /** System properties and environment variables only: for code that runs outside JUnit. */
    public static PerfConfig fromSystem() {
        return fromJUnitParameters(key -> Optional.empty());
    }

    /** System properties, environment variables and the JUnit configuration parameters of {@code context}. */
    public static PerfConfig fromJUnit(ExtensionContext context) {
        return fromJUnitParameters(context::getConfigurationParameter);
    }

    private static PerfConfig fromJUnitParameters(Function<String, Optional<String>> junit) {
        if (!Boolean.getBoolean(ISOLATED)) {
            return new PerfConfig(
                    key -> Optional.ofNullable(System.getProperty(key)),
                    name -> Optional.ofNullable(System.getenv(name)),
                    junit);
        }
        return new PerfConfig(
                key -> Optional.empty(),
                name -> name.startsWith("PERF_") ? Optional.empty() : Optional.ofNullable(System.getenv(name)),
                key -> junit.apply(key).filter(value -> !value.equals(System.getProperty(key))));
    }

    /** Explicit sources, for tests and tools: each map stands for one source. */
    public static PerfConfig of(
            Map<String, String> systemProperties,
            Map<String, String> environment,
            Map<String, String> junitParameters) {
        Map<String, String> sys = Map.copyOf(systemProperties);
        Map<String, String> env = Map.copyOf(environment);
        Map<String, String> junit = Map.copyOf(junitParameters);
        return new PerfConfig(
                key -> Optional.ofNullable(sys.get(key)),
                name -> Optional.ofNullable(env.get(name)),
                key -> Optional.ofNullable(junit.get(key)));
    }

    /** The environment variable for {@code key}: {@code perf.timeScale} is {@code PERF_TIME_SCALE}. */
    public static String environmentName(String key) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '-') {
                name.append('_');
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
                name.append('_').append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    /** Every name {@code key} is read under, in precedence order, for documentation and errors. */
    public static List<String> sourceNames(String key) {
        List<String> names = new ArrayList<>();
        names.add("-D" + key);
        names.add(environmentName(key));
        names.addAll(ALIASES.getOrDefault(key, List.of()));
        names.add(key + " in junit-platform.properties");
        return names;
    }

    /** The value of {@code key} with its source, or empty when no source sets it (blank counts as unset). */
    public Optional<ConfigValue> lookup(String key) {
        Optional<String> fromSystem = nonBlank(systemProperties.apply(key));
        if (fromSystem.isPresent()) {
            return Optional.of(new ConfigValue(key, fromSystem.get(), ConfigSource.SYSTEM_PROPERTY, key));
        }
        List<String> envNames = new ArrayList<>();
        envNames.add(environmentName(key));
        envNames.addAll(ALIASES.getOrDefault(key, List.of()));
        for (String name : envNames) {
            Optional<String> fromEnv = nonBlank(environment.apply(name));
            if (fromEnv.isPresent()) {
                return Optional.of(new ConfigValue(key, fromEnv.get(), ConfigSource.ENVIRONMENT, name));
            }
        }
        return nonBlank(junitParameters.apply(key))
                .map(value -> new ConfigValue(key, value, ConfigSource.JUNIT_CONFIGURATION, key));
    }

    /** The raw value of {@code key}, trimmed. */
    public Optional<String> get(String key) {
        return lookup(key).map(value -> value.value().strip());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** A decimal number; the error names the key, its source and the value. */
    public double getDouble(String key, double defaultValue) {
        return lookup(key).map(value -> parseDouble(value)).orElse(defaultValue);
    }

    /** A whole number; the error names the key, its source and the value. */
    public int getInt(String key, int defaultValue) {
        return lookup(key)
                .map(value -> {
                    try {
                        return Integer.parseInt(value.value().strip());
                    } catch (NumberFormatException e) {
                        throw new ConfigurationException(value.describe() + " is not a whole number; use e.g. 42");
                    }
                })
                .orElse(defaultValue);
    }

    /** {@code true} or {@code false} (case-insensitive); anything else is an error. */
    public boolean getBoolean(String key, boolean defaultValue) {
        return lookup(key)
                .map(value -> {
                    String text = value.value().strip().toLowerCase(Locale.ROOT);
                    if (text.equals("true") || text.equals("false")) {
                        return Boolean.parseBoolean(text);
                    }
                    throw new ConfigurationException(value.describe() + " is not a boolean; use true or false");
                })
                .orElse(defaultValue);
    }

    /** A duration in {@link DurationParser}'s grammar. */
    public Duration getDuration(String key, Duration defaultValue) {
        return lookup(key)
                .map(value -> DurationParser.parse(value.value(), value.describe()))
                .orElse(defaultValue);
    }

    /** {@value #TIME_SCALE}, default 1, accepted range (0, 100]. */
    public double timeScale() {
        return scaleFactor(TIME_SCALE);
    }

    /** {@value #RESOURCE_SCALE}, default 1, accepted range (0, 100]. */
    public double resourceScale() {
        return scaleFactor(RESOURCE_SCALE);
    }

    /** {@code duration} times {@link #timeScale()}, never shorter than one millisecond. */
    public Duration scale(Duration duration) {
        double scale = timeScale();
        if (scale == 1.0) {
            return duration;
        }
        long nanos = Math.round(duration.toNanos() * scale);
        return Duration.ofNanos(Math.max(nanos, 1_000_000L));
    }

    /** {@code count} times {@link #resourceScale()}, rounded, never below one. */
    public int scaleCount(int count) {
        double scale = resourceScale();
        if (scale == 1.0) {
            return count;
        }
        return (int) Math.max(1, Math.round(count * scale));
    }

    /**
     * The {@code perf.*} settings that are set, with their source, for reports ({@code key -> value
     * (source)}); keys in alphabetical order. Values of keys that look secret are masked.
     */
    public Map<String, String> effectiveValues() {
        Map<String, String> values = new TreeMap<>();
        for (String key : List.of(
                TIME_SCALE,
                RESOURCE_SCALE,
                REDIS_URL,
                AWS_ENDPOINT,
                FORMAE_URL,
                FORMAE_BINARY,
                TERRAFIX_URL,
                "perf.load.target",
                "perf.load.trustStore",
                "perf.load.trustAll",
                RESULTS_DIR,
                HISTORY_FILE)) {
            lookup(key).ifPresent(value -> values.put(key, SecretMask.maskEntry(key, value.value())));
        }
        Map<String, String> ordered = new LinkedHashMap<>(values);
        ordered.put(TIME_SCALE, Double.toString(timeScale()));
        ordered.put(RESOURCE_SCALE, Double.toString(resourceScale()));
        return Map.copyOf(ordered);
    }

    /** {@code uri} without credentials, for reports and logs. */
    public static String maskedUri(java.net.URI uri) {
        return maskUserInfo(uri.toString());
    }

    /** {@code redis://user:secret@host} becomes {@code redis://user:****@host}: one rule, {@link SecretMask}. */
    static String maskUserInfo(String value) {
        return SecretMask.mask(value);
    }

    private double scaleFactor(String key) {
        Optional<ConfigValue> value = lookup(key);
        if (value.isEmpty()) {
            return 1.0;
        }
        double scale = parseDouble(value.get());
        if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
            throw new ConfigurationException(
                    value.get().describe() + " is out of range; use a factor in (0, 100], e.g. 0.02 for a smoke run");
        }
        return scale;
    }

    private static double parseDouble(ConfigValue value) {
        try {
            double parsed = Double.parseDouble(value.value().strip());
            if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(value.describe() + " is not a number; use a decimal like 0.02");
        }
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(text -> !text.isBlank());
    }
}

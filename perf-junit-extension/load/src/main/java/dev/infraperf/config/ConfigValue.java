package dev.infraperf.config;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A {@code perf.*} setting as found: its key, its raw value, and where it came from.
 *
 * @param key the {@code perf.*} key
 * @param value the raw text
 * @param source which source supplied it
 * @param origin the exact name in that source, e.g. {@code PERF_TIME_SCALE} or {@code REDIS_URL}
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record ConfigValue(String key, String value, ConfigSource source, String origin) {

    public ConfigValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
    }

    /** Names the value for error messages: {@code perf.timeScale=abc (from environment PERF_TIME_SCALE)}. */
    public String describe() {
        String where =
                switch (source) {
                    case SYSTEM_PROPERTY -> "system property " + origin;
                    case ENVIRONMENT -> "environment variable " + origin;
                    case JUNIT_CONFIGURATION -> "JUnit configuration parameter " + origin;
                    case DEFAULT -> "default";
                };
        // configured values may hold credentials (a Redis URL with a password): the one masking rule applies
        return key + "=" + dev.infraperf.reports.SecretMask.maskEntry(key, value) + " (from " + where + ")";
    }
}

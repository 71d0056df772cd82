package dev.infraperf.config;

import org.apiguardian.api.API;

/** Where a {@code perf.*} value came from, in order of precedence (first wins). */
@API(status = API.Status.INTERNAL, since = "0.1")
public enum ConfigSource {
    /** A JVM system property, e.g. {@code -Dperf.timeScale=0.02} (Maven passes {@code -D} on). */
    SYSTEM_PROPERTY,
    /** An environment variable, e.g. {@code PERF_TIME_SCALE=0.02}, or an alias such as {@code REDIS_URL}. */
    ENVIRONMENT,
    /** A JUnit configuration parameter, e.g. from {@code junit-platform.properties}. */
    JUNIT_CONFIGURATION,
    /** Nothing was set; the documented default applies. */
    DEFAULT
}

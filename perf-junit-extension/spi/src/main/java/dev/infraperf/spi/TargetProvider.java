package dev.infraperf.spi;

import java.util.Map;

/**
 * Starts a load target that infra-perf can run itself (an embedded server on a free loopback port). Found through
 * {@link java.util.ServiceLoader}; the caller selects it by {@link #name()}.
 */
public interface TargetProvider {

    /** The name callers select this provider by, e.g. {@code mock-terrafix}. */
    String name();

    /**
     * Starts the target. Options are provider-specific {@code key -> value} strings; an unknown key or a bad value
     * throws {@link IllegalArgumentException} whose message names the key, the value and what is accepted.
     */
    ProvidedTarget start(Map<String, String> options);
}

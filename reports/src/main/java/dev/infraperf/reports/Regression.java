package dev.infraperf.reports;

/**
 * A metric that got worse than the previous run beyond the tolerance.
 *
 * @param scope what was compared: {@code run} or {@code phase <name>}
 * @param metric {@code p99 latency} or {@code success rate}
 * @param previous the previous value with unit
 * @param current the current value with unit
 * @param message AssertJ-shaped explanation ("Expecting actual: ... to be less than or equal to: ...")
 */
public record Regression(String scope, String metric, String previous, String current, String message) {}

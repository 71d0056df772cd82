/**
 * Formae test environments of any size: {@link dev.infraperf.environment.ResourceCount} and {@link
 * dev.infraperf.environment.Region} on a test give it a {@link
 * dev.infraperf.environment.GeneratedEnvironment}; {@link dev.infraperf.environment.EnvironmentGenerator}
 * does the same outside JUnit (and behind {@code infra-perf-cli.jar generate}).
 *
 * <p>An environment is a Pkl project ({@code PklProject}, {@code vars.pkl}, one module per area,
 * {@code main.pkl}) with the resource types and count formulas of Formae's original {@code
 * generate-perf-test-env.py}, its documented fixes, and none of its flaws; it is evaluated in-process
 * with pkl-core to the Forma JSON the Formae agent receives ({@code forma.json}). Extensions that
 * build on an environment get it from {@link dev.infraperf.environment.GeneratedEnvironments}.
 */
package dev.infraperf.environment;

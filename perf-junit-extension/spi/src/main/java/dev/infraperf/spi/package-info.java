/**
 * The provider interfaces through which infra-perf finds, on the test classpath, what it can start itself: load
 * targets ({@link dev.infraperf.spi.TargetProvider}, e.g. mock-terrafix) and Formae agents
 * ({@link dev.infraperf.spi.AgentProvider}, e.g. mock-formae). Implementations register in
 * {@code META-INF/services} and are looked up by {@link java.util.ServiceLoader} and their {@code name()}; the
 * extension never names an implementation.
 *
 * <p>This package has no dependencies so that a mock can implement it without inheriting infra-perf.
 */
package dev.infraperf.spi;

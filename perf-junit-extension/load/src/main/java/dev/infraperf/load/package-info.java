/**
 * Load phases: the {@link dev.infraperf.load.LoadPhase} annotation and the engine behind it.
 *
 * <p>A user writes {@link dev.infraperf.load.VirtualUser}s with weighted {@link dev.infraperf.load.Task}s and a
 * {@link dev.infraperf.load.WaitTime}, as in Locust, and runs them in a closed model (users, spawn rate) or an open
 * model (arrival rate, latency from the intended start, as wrk2 and k6 do). Every user runs on its own virtual thread
 * with its own keep-alive connection. Latencies are recorded in nanoseconds in HdrHistogram recorders, one per request
 * name, raw and corrected for coordinated omission, with one-second interval snapshots; every request is accounted
 * for ({@code issued = succeeded + failed + timed out + dropped}). Phases are judged against the TerraFix load testing
 * guide's Good / Warning / Critical table ({@link dev.infraperf.load.Thresholds}) and handed to the reports as {@code
 * dev.infraperf.reports.model} records. {@link dev.infraperf.load.LoadEngine} runs a phase without JUnit.
 */
package dev.infraperf.load;

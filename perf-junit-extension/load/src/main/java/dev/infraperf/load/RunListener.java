package dev.infraperf.load;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.StateSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.HdrHistogram.AbstractHistogram;
import org.apiguardian.api.API;

/**
 * Watches a run while it happens: the start of each load phase, its one-second interval snapshots (the same data as
 * the console's progress line and the reports' intervals), its end, its verdicts once the run directory is written,
 * and the resource-state samples of Formae cycles. {@code dev.infraperf:infra-perf-live} implements it (a live page
 * and an OpenMetrics endpoint).
 *
 * <p>Found through {@link java.util.ServiceLoader} ({@code META-INF/services/dev.infraperf.load.RunListener}) once per
 * JVM; without one on the classpath the engine builds no event and the run costs nothing more. Every method has an
 * empty default, so a listener overrides only what it watches.
 *
 * <p>Threading: {@link #interval} is called on the engine's sampler thread once per second and {@link #formaeSample}
 * on the thread polling the agent; a listener must return quickly (copy what it needs, never block on I/O). What a
 * listener throws is printed once and otherwise ignored: watching never fails a test.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface RunListener {

    /** A load phase started (its {@code beforePhase} hooks have run). */
    default void phaseStarted(PhaseStarted event) {}

    /** One interval of a running phase, about once per second, and a last one when the phase ends. */
    default void interval(Interval event) {}

    /** A phase finished: its final accounting, exactly as the report will show it, before thresholds are judged. */
    default void phaseEnded(PhaseEnded event) {}

    /** A phase was judged and its test's run directory written (for phases run through {@link LoadPhase}). */
    default void phaseReported(PhaseReported event) {}

    /** One resource-state sample of a Formae command (what the resource-state chart plots). */
    default void formaeSample(FormaeSample event) {}

    /**
     * @param test the test class (simple name) running the phase, empty for {@link LoadEngine} runs
     * @param phase the phase name
     * @param spec model, users or arrival rate, planned duration (already time-scaled) and behaviour
     * @param startedAt wall-clock start
     */
    record PhaseStarted(String test, String phase, PhaseSpec spec, Instant startedAt) {
        public PhaseStarted {
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(startedAt, "startedAt");
        }
    }

    /**
     * Percentiles of one interval in milliseconds (HdrHistogram, 3 significant digits); all 0 when the interval
     * completed no request.
     */
    record Percentiles(double p50Millis, double p95Millis, double p99Millis) {}

    /** Cumulative outcome counts of one request name since the phase started. */
    record EndpointCounts(String name, String method, long succeeded, long failed, long timedOut) {}

    /**
     * One interval snapshot of a running phase. Counts of the interval are requests completed in it; {@code failed}
     * counts failures and timeouts together, as the console's {@code errors} does.
     *
     * @param elapsed time since the phase start at the end of this interval
     * @param planned the phase's planned duration
     * @param ok requests that succeeded in this interval
     * @param failed requests that failed or timed out in this interval
     * @param totalOk requests that succeeded since the phase start
     * @param totalFailed requests that failed or timed out since the phase start
     * @param raw percentiles of this interval's service times
     * @param corrected percentiles of this interval corrected for coordinated omission (the console's p50 and p99)
     * @param errorsByClass failures since the phase start per class ({@code status}, {@code connection},
     *     {@code validation}, {@code timeout})
     * @param users closed model: virtual users running; open model: 0
     * @param inFlight open model: tasks in flight; closed model: 0
     * @param dropped open model: arrivals dropped since the phase start
     * @param endpoints cumulative counts per request name
     * @param consoleLine the progress line printed for this interval; empty for the closing interval after the phase
     *     end, which the console does not print
     * @param rawHistogram this interval's service times in nanoseconds: <b>valid only during the call</b> (the
     *     engine reuses it); {@code add} it to a histogram of your own to keep it
     * @param correctedHistogram as {@code rawHistogram}, corrected for coordinated omission
     */
    record Interval(
            String test,
            String phase,
            Duration elapsed,
            Duration planned,
            long ok,
            long failed,
            long totalOk,
            long totalFailed,
            Percentiles raw,
            Percentiles corrected,
            Map<String, Long> errorsByClass,
            int users,
            int inFlight,
            long dropped,
            List<EndpointCounts> endpoints,
            String consoleLine,
            AbstractHistogram rawHistogram,
            AbstractHistogram correctedHistogram) {
        public Interval {
            errorsByClass = Map.copyOf(errorsByClass);
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * @param result the phase's result record as the reports render it, before thresholds are judged (no verdicts
     *     yet); its counts are final
     */
    record PhaseEnded(String test, String phase, dev.infraperf.reports.model.PhaseResult result) {}

    /**
     * @param result the judged phase: counts, verdicts and breaches
     * @param passed whether no breach at or above the phase's {@code failOn} level was found
     * @param summaryHtml the run directory's {@code experiment_summary.html}, when it was written
     */
    record PhaseReported(
            String test,
            String phase,
            dev.infraperf.reports.model.PhaseResult result,
            boolean passed,
            Optional<Path> summaryHtml) {}

    /**
     * @param stack the cycle's stack (its environment's name)
     * @param commandId the Formae command sampled
     * @param sample resource updates per state at this offset from the command's submission
     */
    record FormaeSample(String stack, String commandId, StateSample sample) {}
}

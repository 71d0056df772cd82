package dev.infraperf.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the engine hands back for one phase: the report model's record (not yet judged) and the facts the model has
 * no field for.
 *
 * @param result counts, latencies, intervals, failures and interval histograms
 * @param failuresPerClass failures per class: status, connection, validation, timeout
 * @param taskErrors exceptions thrown by tasks or hooks (not requests), one line each with their count
 * @param marks offsets of events that hooks marked, e.g. the end of failure injection
 * @param notes free lines from hooks and the engine
 * @param rampUp how long starting all users took (closed model), intervals before it are not judged for throughput
 * @param timeScale the {@code perf.timeScale} the durations were scaled with
 * @param succeededLatency latencies of the successful requests only (corrected like {@code result.corrected()}):
 *     what the latency verdicts judge
 */
record PhaseRun(
        dev.infraperf.reports.model.PhaseResult result,
        Map<String, Long> failuresPerClass,
        List<String> taskErrors,
        Map<String, Duration> marks,
        List<String> notes,
        Duration rampUp,
        double timeScale,
        dev.infraperf.reports.model.LatencySummary succeededLatency) {

    /** A run whose latencies are all of successful requests (made-up phases in tests). */
    PhaseRun(
            dev.infraperf.reports.model.PhaseResult result,
            Map<String, Long> failuresPerClass,
            List<String> taskErrors,
            Map<String, Duration> marks,
            List<String> notes,
            Duration rampUp,
            double timeScale) {
        this(result, failuresPerClass, taskErrors, marks, notes, rampUp, timeScale, result.corrected());
    }
}

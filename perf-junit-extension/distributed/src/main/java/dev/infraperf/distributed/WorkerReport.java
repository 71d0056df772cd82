package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.PhaseResult;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A worker's final account of its share ({@code GET /report}), once its phase ended.
 *
 * @param index the worker's index
 * @param result the engine's record of the share (not judged); its interval histograms travel in {@link
 *     WorkerInterval}s instead
 * @param failuresPerClass failures per class
 * @param taskErrors exceptions thrown by tasks, one line each with their count
 * @param notes the engine's notes
 * @param succeeded latencies of the successful requests (what latency verdicts judge)
 * @param startedLateNanos how long after its planned start (agreed instant plus offset) the share started
 * @param cpuNanos CPU time the worker process used during the phase, -1 when unknown
 * @param processors processors available to the worker
 */
@API(status = INTERNAL, since = "0.1")
public record WorkerReport(
        int index,
        PhaseResult result,
        Map<String, Long> failuresPerClass,
        List<String> taskErrors,
        List<String> notes,
        LatencySummary succeeded,
        long startedLateNanos,
        long cpuNanos,
        int processors) {

    /** CPU used during the phase as a share of all the worker's processors, 0-1; -1 when unknown. */
    double cpuShare() {
        double wall = result.elapsed().toNanos() * (double) processors;
        return cpuNanos < 0 || wall <= 0 ? -1 : cpuNanos / wall;
    }
}

package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.PhaseResult;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The workers' shares of a phase merged into one record, as if one JVM had run it.
 *
 * @param result counts summed, interval histograms added ({@code Histogram.add}), latencies summarised from the sums
 * @param lost one line per lost worker: which, why, and what of it was kept; empty when none was lost
 * @param workers the per-worker breakdown
 */
@API(status = INTERNAL, since = "0.1")
public record MergedRun(
        PhaseResult result,
        Map<String, Long> failuresPerClass,
        List<String> taskErrors,
        List<String> notes,
        LatencySummary succeeded,
        List<String> lost,
        List<WorkerSummary> workers) {}

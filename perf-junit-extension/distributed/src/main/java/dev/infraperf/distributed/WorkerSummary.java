package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.infraperf.reports.model.RequestCounts;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One worker's part of a distributed phase: the breakdown that shows a saturated or lost worker.
 *
 * @param index the worker's index
 * @param name how the backend names it, e.g. {@code worker 1 (pid 4242)} or {@code pod load-x-1}
 * @param counts its requests; for a lost worker those of its last collected interval
 * @param p99 its corrected p99 over the phase (from its own histograms)
 * @param cpuShare CPU used during the phase as a share of its processors (0-1), empty when unknown
 * @param skew its clock minus the coordinator's, measured at start-up
 * @param lostReason why it was lost, empty when it reported
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record WorkerSummary(
        int index,
        String name,
        RequestCounts counts,
        Duration p99,
        Optional<Double> cpuShare,
        Duration skew,
        Optional<String> lostReason) {}

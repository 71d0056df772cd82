package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.infraperf.load.PhaseResult;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A distributed phase lost at least one worker (it died, stopped answering or did not report in time) and {@value
 * DistributedSettings#ALLOW_LOST_KEY} is not {@code true}. The message names each lost worker and why; {@link
 * #phase()} is the phase as merged from the workers that reported and the lost ones' collected intervals.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class WorkersLostError extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient MergedRun merged;
    private transient PhaseResult phase;

    WorkersLostError(String message, MergedRun merged) {
        super(message);
        this.merged = merged;
    }

    /** The merged phase: counts of every worker up to its last collected interval. */
    public PhaseResult phase() {
        return phase;
    }

    /** One line per lost worker. */
    public List<String> lost() {
        return merged.lost();
    }

    /** The per-worker breakdown. */
    public List<WorkerSummary> workers() {
        return merged.workers();
    }

    /** For the engine bridge. */
    public MergedRun merged() {
        return merged;
    }

    /** For the engine bridge, which judges the merged run. */
    public void phase(PhaseResult judged) {
        this.phase = judged;
    }
}

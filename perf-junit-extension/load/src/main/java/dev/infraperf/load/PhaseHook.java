package dev.infraperf.load;

import org.apiguardian.api.API;

/**
 * Code that runs around one load phase, e.g. to inject failures into the target or reset its statistics. Named on
 * {@link LoadPhase#hooks()}; created with its constructor without parameters (any visibility).
 *
 * <pre>{@code
 * static final class InjectFailures implements PhaseHook {
 *     public void beforePhase(PhaseContext phase) throws Exception {
 *         phase.post("/configure", "{\"failure_rate\": 0.1}");
 *         phase.at(phase.duration().multipliedBy(4).dividedBy(5), () -> {
 *             phase.post("/configure", "{\"failure_rate\": 0.0}");
 *             phase.mark("failure injection ended");
 *         });
 *     }
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PhaseHook {

    /** Runs before the first user starts; the phase's time has not started yet. */
    default void beforePhase(PhaseContext phase) throws Exception {}

    /** Runs after the phase ended and every user stopped, also when the phase failed. */
    default void afterPhase(PhaseContext phase) throws Exception {}
}

package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * One worker's share of a phase, as the coordinator sends it (JSON, {@code POST /phase}). Durations in nanoseconds,
 * already scaled by {@code perf.timeScale}; instants in nanoseconds since the epoch <b>on the worker's clock</b> (the
 * coordinator adds the skew it measured).
 *
 * @param index the worker's index, 0-based
 * @param workers how many workers share the phase
 * @param phase the phase name
 * @param model {@code CLOSED} or {@code OPEN}
 * @param users closed model: this worker's users
 * @param spawnRate closed model: this worker's users started per second
 * @param arrivalRate open model: this worker's tasks started per second
 * @param rampToRate open model: this worker's rate at the end of the phase
 * @param userClass the {@code VirtualUser} class, loaded from the worker's own classpath
 * @param connections the size of this worker's keep-alive pool (its share of the phase's {@code connections}); 0
 *     for the engine's default (one per user or task in flight)
 * @param client {@code SOCKET} or {@code JDK}
 * @param target the URL the users send to
 * @param trustAll {@code perf.load.trustAll} of the coordinator
 * @param trustStore {@code perf.load.trustStore} of the coordinator, empty for the JVM's default trust
 * @param startEpochNanos when the phase starts for every worker (the agreed instant), on this worker's clock
 * @param startOffsetNanos how long after the agreed instant this worker starts its schedule, so that the merged
 *     arrivals (open model) or user starts (closed model) stay evenly spaced
 * @param lingerMillis how long the worker keeps its results after the phase for the coordinator to collect, then
 *     exits
 */
@API(status = INTERNAL, since = "0.1")
public record WorkerPlan(
        int index,
        int workers,
        String phase,
        String model,
        int users,
        double spawnRate,
        double arrivalRate,
        double rampToRate,
        long durationNanos,
        String userClass,
        long requestTimeoutNanos,
        int maxInFlight,
        int connections,
        String client,
        double timeScale,
        String target,
        boolean trustAll,
        String trustStore,
        long startEpochNanos,
        long startOffsetNanos,
        long lingerMillis) {

    boolean open() {
        return "OPEN".equals(model);
    }

    /** This plan as worker {@code i}'s share. */
    WorkerPlan share(
            int i, int n, int u, double spawn, double rate, double rampTo, int inFlight, int pool, long offset) {
        return new WorkerPlan(
                i,
                n,
                phase,
                model,
                u,
                spawn,
                rate,
                rampTo,
                durationNanos,
                userClass,
                requestTimeoutNanos,
                inFlight,
                pool,
                client,
                timeScale,
                target,
                trustAll,
                trustStore,
                startEpochNanos,
                offset,
                lingerMillis);
    }

    /** This plan starting at {@code epochNanos} of the worker's clock. */
    WorkerPlan startingAt(long epochNanos, long linger) {
        return new WorkerPlan(
                index,
                workers,
                phase,
                model,
                users,
                spawnRate,
                arrivalRate,
                rampToRate,
                durationNanos,
                userClass,
                requestTimeoutNanos,
                maxInFlight,
                connections,
                client,
                timeScale,
                target,
                trustAll,
                trustStore,
                epochNanos,
                startOffsetNanos,
                linger);
    }
}

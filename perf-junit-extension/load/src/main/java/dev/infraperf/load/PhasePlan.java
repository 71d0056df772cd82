package dev.infraperf.load;

import dev.infraperf.reports.model.LoadModel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One validated phase as the engine runs it: durations already scaled by {@code perf.timeScale}.
 *
 * @param users closed model: number of virtual users (0 in the open model)
 * @param spawnRate closed model: users started per second, already divided by the time scale so the ramp-up shrinks
 *     with the phase
 * @param arrivalRate open model: requests (tasks) started per second at the beginning of the phase
 * @param rampToRate open model: rate at the end of the phase, equal to {@code arrivalRate} for a constant rate
 * @param maxInFlight open model: arrivals beyond this many tasks in flight are dropped
 * @param connections socket client: size of the keep-alive pool the users share; 0 for the default (one per user or
 *     task in flight, at most {@value ConnectionPool#DEFAULT_MAX})
 */
record PhasePlan(
        String name,
        LoadModel model,
        int users,
        double spawnRate,
        double arrivalRate,
        double rampToRate,
        Duration duration,
        Class<? extends VirtualUser> userClass,
        List<PhaseHook> hooks,
        Duration requestTimeout,
        int maxInFlight,
        ClientKind client,
        double timeScale,
        int connections) {

    /** Which HTTP client the users get. */
    enum ClientKind {
        /** {@link SocketTransport}: one blocking keep-alive connection per user (default, fastest measured). */
        SOCKET,
        /** {@link JdkTransport}: the JDK HttpClient shared by all users. */
        JDK
    }

    PhasePlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(userClass, "userClass");
        hooks = List.copyOf(hooks);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(client, "client");
        // The one place a phase is validated: the annotation path names its attributes before it gets here, the Java
        // API (LoadEngine.Phase) relies on these checks.
        if (name.isBlank()) {
            throw invalid(name, "a phase", "name", "a non-blank name");
        }
        if (model == LoadModel.CLOSED) {
            if (users < 1) {
                throw invalid(users, name, "users", "a number of users >= 1");
            }
            if (!(spawnRate > 0 && Double.isFinite(spawnRate))) {
                throw invalid(spawnRate, name, "spawnRate", "users started per second > 0");
            }
        } else {
            if (!(arrivalRate > 0 && Double.isFinite(arrivalRate))) {
                throw invalid(arrivalRate, name, "rate", "tasks started per second > 0");
            }
            if (!(rampToRate > 0 && Double.isFinite(rampToRate))) {
                throw invalid(rampToRate, name, "rampTo", "tasks per second > 0 at the end of the phase");
            }
            if (maxInFlight < 1) {
                throw invalid(maxInFlight, name, "maxInFlight", "a number >= 1");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw invalid(duration, name, "duration", "a duration > 0");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw invalid(requestTimeout, name, "requestTimeout", "a duration > 0");
        }
        if (!(timeScale > 0 && Double.isFinite(timeScale))) {
            throw invalid(timeScale, name, "timeScale", "a factor > 0");
        }
        if (connections < 0) {
            throw invalid(connections, name, "connections", "a pool size >= 1, or 0 for the default");
        }
    }

    private static IllegalArgumentException invalid(Object value, String phase, String field, String accepted) {
        return new IllegalArgumentException(
                "[" + value + "] is not valid for " + field + " of phase \"" + phase + "\"; use " + accepted);
    }

    static PhasePlan closed(
            String name, int users, double spawnRate, Duration duration, Class<? extends VirtualUser> u) {
        return new PhasePlan(
                name,
                LoadModel.CLOSED,
                users,
                spawnRate,
                0,
                0,
                duration,
                u,
                List.of(),
                Duration.ofSeconds(60),
                0,
                ClientKind.SOCKET,
                1.0,
                0);
    }

    static PhasePlan open(String name, double rate, Duration duration, Class<? extends VirtualUser> u) {
        return new PhasePlan(
                name,
                LoadModel.OPEN,
                0,
                0,
                rate,
                rate,
                duration,
                u,
                List.of(),
                Duration.ofSeconds(60),
                10_000,
                ClientKind.SOCKET,
                1.0,
                0);
    }

    PhasePlan withRequestTimeout(Duration timeout) {
        return new PhasePlan(
                name,
                model,
                users,
                spawnRate,
                arrivalRate,
                rampToRate,
                duration,
                userClass,
                hooks,
                timeout,
                maxInFlight,
                client,
                timeScale,
                connections);
    }

    PhasePlan withClient(ClientKind kind) {
        return new PhasePlan(
                name,
                model,
                users,
                spawnRate,
                arrivalRate,
                rampToRate,
                duration,
                userClass,
                hooks,
                requestTimeout,
                maxInFlight,
                kind,
                timeScale,
                connections);
    }

    PhasePlan withHooks(List<PhaseHook> phaseHooks) {
        return new PhasePlan(
                name,
                model,
                users,
                spawnRate,
                arrivalRate,
                rampToRate,
                duration,
                userClass,
                phaseHooks,
                requestTimeout,
                maxInFlight,
                client,
                timeScale,
                connections);
    }

    PhasePlan withRampTo(double rate) {
        return new PhasePlan(
                name,
                model,
                users,
                spawnRate,
                arrivalRate,
                rate,
                duration,
                userClass,
                hooks,
                requestTimeout,
                maxInFlight,
                client,
                timeScale,
                connections);
    }

    PhasePlan withMaxInFlight(int max) {
        return new PhasePlan(
                name,
                model,
                users,
                spawnRate,
                arrivalRate,
                rampToRate,
                duration,
                userClass,
                hooks,
                requestTimeout,
                max,
                client,
                timeScale,
                connections);
    }

    PhasePlan withConnections(int size) {
        return new PhasePlan(
                name,
                model,
                users,
                spawnRate,
                arrivalRate,
                rampToRate,
                duration,
                userClass,
                hooks,
                requestTimeout,
                maxInFlight,
                client,
                timeScale,
                size);
    }

    /** The size of the connection pool this phase runs with. */
    int poolSize() {
        return connections > 0 ? connections : ConnectionPool.defaultSize(this);
    }

    /** Time the closed model needs to start all users. */
    Duration rampUp() {
        if (model != LoadModel.CLOSED || spawnRate <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) ((users - 1) / spawnRate * 1e9));
    }

    /** Offset from the phase start of the {@code k}-th arrival (0-based) of the open model, in nanoseconds. */
    long arrivalOffsetNanos(long k) {
        double t;
        double seconds = duration.toNanos() / 1e9;
        if (rampToRate == arrivalRate || seconds == 0) {
            t = k / arrivalRate;
        } else {
            // cumulative arrivals N(t) = r0 t + (r1 - r0) t^2 / (2T); solve N(t) = k
            double a = (rampToRate - arrivalRate) / (2 * seconds);
            double disc = arrivalRate * arrivalRate + 4 * a * k;
            t = disc < 0 ? Double.POSITIVE_INFINITY : (-arrivalRate + Math.sqrt(disc)) / (2 * a);
            if (t < 0 || Double.isNaN(t)) {
                t = Double.POSITIVE_INFINITY;
            }
        }
        return t >= 1e9 ? Long.MAX_VALUE : (long) (t * 1e9);
    }
}

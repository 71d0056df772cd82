package dev.infraperf.reports.model;

import java.time.Duration;

/**
 * What a load phase was configured to do, after {@code perf.timeScale} was applied.
 *
 * @param model closed (users) or open (arrival rate)
 * @param users virtual users of the closed model; 0 in the open model
 * @param spawnRate users started per second (closed model); 0 in the open model
 * @param arrivalRate target requests per second (open model); 0 in the closed model
 * @param duration planned duration of the phase, already scaled
 * @param behaviour name of the user behaviour / task set the phase ran (e.g. {@code throughput})
 */
public record PhaseSpec(
        LoadModel model, int users, double spawnRate, double arrivalRate, Duration duration, String behaviour) {
    private static final String NAME = "PhaseSpec";

    public PhaseSpec {
        Checks.notNull(model, NAME, "model");
        Checks.nonNegative(users, NAME, "users");
        Checks.nonNegative(spawnRate, NAME, "spawnRate");
        Checks.nonNegative(arrivalRate, NAME, "arrivalRate");
        Checks.notNull(duration, NAME, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(NAME + ".duration must not be negative, found " + duration);
        }
        behaviour = behaviour == null ? "" : behaviour;
    }

    /** A closed-model phase. */
    public static PhaseSpec closed(int users, double spawnRate, Duration duration, String behaviour) {
        return new PhaseSpec(LoadModel.CLOSED, users, spawnRate, 0, duration, behaviour);
    }

    /** An open-model phase. */
    public static PhaseSpec open(double arrivalRate, Duration duration, String behaviour) {
        return new PhaseSpec(LoadModel.OPEN, 0, 0, arrivalRate, duration, behaviour);
    }

    /** One line for tables: {@code closed: 20 users @ 2/s for PT5M} or {@code open: 50 req/s for PT1M}. */
    public String describe() {
        return model == LoadModel.CLOSED
                ? "closed: " + users + " users @ " + trim(spawnRate) + "/s for " + duration
                : "open: " + trim(arrivalRate) + " req/s for " + duration;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

package dev.infraperf.reports.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a load phase was configured to do, after {@code perf.timeScale} was applied.
 *
 * @param model closed (users) or open (arrival rate)
 * @param users virtual users of the closed model; 0 in the open model
 * @param spawnRate users started per second (closed model); 0 in the open model
 * @param arrivalRate target requests per second at the start of the phase (open model); 0 in the
 *     closed model
 * @param duration planned duration of the phase, already scaled
 * @param behaviour name of the user behaviour / task set the phase ran (e.g. {@code throughput})
 * @param rampToRate open model: target rate at the end of the phase, rising (or falling) linearly
 *     from {@code arrivalRate}; equal to {@code arrivalRate} (or 0, read as equal) for a constant
 *     rate
 * @param requestTimeout time a request may take before it counts as timed out; {@link
 *     Duration#ZERO} when not recorded
 * @param maxInFlight open model: arrivals beyond this many tasks in flight are dropped; 0 when not
 *     recorded
 * @param client the HTTP client the users had ({@code socket} or {@code jdk}); empty when not
 *     recorded
 */
public record PhaseSpec(
        LoadModel model,
        int users,
        double spawnRate,
        double arrivalRate,
        Duration duration,
        String behaviour,
        double rampToRate,
        Duration requestTimeout,
        int maxInFlight,
        String client) {
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
        Checks.nonNegative(rampToRate, NAME, "rampToRate");
        rampToRate = rampToRate == 0 ? arrivalRate : rampToRate;
        requestTimeout = requestTimeout == null ? Duration.ZERO : requestTimeout;
        Checks.nonNegative(maxInFlight, NAME, "maxInFlight");
        client = client == null ? "" : client;
    }

    /** A phase without ramp and settings (readers of older summaries, tests). */
    public PhaseSpec(
            LoadModel model, int users, double spawnRate, double arrivalRate, Duration duration, String behaviour) {
        this(model, users, spawnRate, arrivalRate, duration, behaviour, arrivalRate, Duration.ZERO, 0, "");
    }

    /** A closed-model phase. */
    public static PhaseSpec closed(int users, double spawnRate, Duration duration, String behaviour) {
        return new PhaseSpec(LoadModel.CLOSED, users, spawnRate, 0, duration, behaviour);
    }

    /** An open-model phase at a constant rate. */
    public static PhaseSpec open(double arrivalRate, Duration duration, String behaviour) {
        return new PhaseSpec(LoadModel.OPEN, 0, 0, arrivalRate, duration, behaviour);
    }

    /** This phase with a rate that goes linearly from {@code arrivalRate} to {@code rate}. */
    public PhaseSpec withRampTo(double rate) {
        return new PhaseSpec(
                model, users, spawnRate, arrivalRate, duration, behaviour, rate, requestTimeout, maxInFlight, client);
    }

    /** This phase with its request timeout, in-flight limit (open model) and client recorded. */
    public PhaseSpec withSettings(Duration timeout, int inFlightLimit, String httpClient) {
        return new PhaseSpec(
                model,
                users,
                spawnRate,
                arrivalRate,
                duration,
                behaviour,
                rampToRate,
                timeout,
                inFlightLimit,
                httpClient);
    }

    /** Whether the open model's rate changes over the phase. */
    public boolean ramps() {
        return model == LoadModel.OPEN && rampToRate != arrivalRate;
    }

    /**
     * One line for tables: {@code closed: 20 users @ 2/s for 5m}, {@code open: 50 req/s for 1m} or
     * {@code open: 100 -> 200 req/s (mean 150) for 10s}; durations in the grammar of {@link
     * #formatDuration}.
     */
    public String describe() {
        if (model == LoadModel.CLOSED) {
            return "closed: " + users + " users @ " + trim(spawnRate) + "/s for " + formatDuration(duration);
        }
        String rate = ramps()
                ? trim(arrivalRate) + " -> " + trim(rampToRate) + " req/s (mean " + trim((arrivalRate + rampToRate) / 2)
                        + ")"
                : trim(arrivalRate) + " req/s";
        return "open: " + rate + " for " + formatDuration(duration);
    }

    /**
     * The settings beyond the load shape, e.g. {@code request timeout 60s, at most 10000 in flight,
     * socket client}; empty when none was recorded.
     */
    public String describeSettings() {
        List<String> parts = new ArrayList<>();
        if (!requestTimeout.isZero()) {
            parts.add("request timeout " + formatDuration(requestTimeout));
        }
        if (model == LoadModel.OPEN && maxInFlight > 0) {
            parts.add("at most " + maxInFlight + " in flight");
        }
        if (!client.isEmpty()) {
            parts.add(client + " client");
        }
        return String.join(", ", parts);
    }

    /**
     * A duration in the grammar users write ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}):
     * the largest unit that divides it, milliseconds otherwise.
     */
    public static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static String trim(double v) {
        return v == Math.rint(v)
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }
}

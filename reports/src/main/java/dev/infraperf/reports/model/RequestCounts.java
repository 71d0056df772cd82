package dev.infraperf.reports.model;

/**
 * What happened to every request of a phase or endpoint. Every request issued is accounted for:
 * {@code issued = succeeded + failed + timedOut + dropped}.
 *
 * @param issued requests the engine started or, in the open model, scheduled
 * @param succeeded requests that completed and were judged successful
 * @param failed requests that completed with an error (status, assertion, connection error)
 * @param timedOut requests abandoned after the request timeout
 * @param dropped requests of the open model's schedule that could not be started (no free
 *     connection / worker at their intended start); always 0 in the closed model
 */
public record RequestCounts(long issued, long succeeded, long failed, long timedOut, long dropped) {
    private static final String NAME = "RequestCounts";

    public RequestCounts {
        Checks.nonNegative(issued, NAME, "issued");
        Checks.nonNegative(succeeded, NAME, "succeeded");
        Checks.nonNegative(failed, NAME, "failed");
        Checks.nonNegative(timedOut, NAME, "timedOut");
        Checks.nonNegative(dropped, NAME, "dropped");
        if (issued != succeeded + failed + timedOut + dropped) {
            throw new IllegalArgumentException(NAME + ": issued (" + issued
                    + ") must equal succeeded + failed + timedOut + dropped (" + succeeded + " + " + failed + " + "
                    + timedOut + " + " + dropped + " = " + (succeeded + failed + timedOut + dropped) + ")");
        }
    }

    /** No requests. */
    public static RequestCounts none() {
        return new RequestCounts(0, 0, 0, 0, 0);
    }

    /** Requests that did not succeed: failed + timed out + dropped (Locust's "Failure Count"). */
    public long unsuccessful() {
        return failed + timedOut + dropped;
    }

    /** Percentage 0-100 of issued requests that succeeded; 0 when nothing was issued. */
    public double successPercent() {
        return issued == 0 ? 0.0 : 100.0 * succeeded / issued;
    }

    /** Percentage 0-100 of issued requests that did not succeed; 0 when nothing was issued. */
    public double failurePercent() {
        return issued == 0 ? 0.0 : 100.0 * unsuccessful() / issued;
    }

    /** The sum of two counts (e.g. endpoints into a phase total). */
    public RequestCounts plus(RequestCounts other) {
        return new RequestCounts(
                issued + other.issued,
                succeeded + other.succeeded,
                failed + other.failed,
                timedOut + other.timedOut,
                dropped + other.dropped);
    }
}

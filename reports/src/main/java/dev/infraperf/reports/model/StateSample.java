package dev.infraperf.reports.model;

import java.time.Duration;

/**
 * Resource-update counts of a Formae command at one poll, for the resource-state timeline.
 *
 * @param offset time since the command was submitted
 * @param waiting updates in {@code NotStarted} / {@code Pending}
 * @param inProgress updates in {@code InProgress} (including retries)
 * @param success updates in {@code Success}
 * @param failed updates in {@code Failed} or {@code Rejected}
 * @param canceled updates in {@code Canceled}
 */
public record StateSample(Duration offset, long waiting, long inProgress, long success, long failed, long canceled) {
    private static final String NAME = "StateSample";

    public StateSample {
        Checks.notNull(offset, NAME, "offset");
        Checks.nonNegative(waiting, NAME, "waiting");
        Checks.nonNegative(inProgress, NAME, "inProgress");
        Checks.nonNegative(success, NAME, "success");
        Checks.nonNegative(failed, NAME, "failed");
        Checks.nonNegative(canceled, NAME, "canceled");
    }

    /** Total updates counted in this sample. */
    public long total() {
        return waiting + inProgress + success + failed + canceled;
    }
}

package dev.infraperf.formae;

import java.util.Collection;
import org.apiguardian.api.API;

/**
 * The counts Formae's CLI shows for a command, computed the way its summary table does: read
 * operations are skipped; Wait is NotStarted, Progress is InProgress on the first attempt, Retry is
 * InProgress on a later attempt; Pending and Rejected count toward the total only. Target updates are
 * not included (the REST status carries them separately and they are few).
 *
 * @param total every non-read update
 * @param waiting NotStarted
 * @param inProgress InProgress with {@code CurrentAttempt <= 1}
 * @param retrying InProgress with {@code CurrentAttempt > 1}
 * @param success Success
 * @param failed Failed
 * @param canceled Canceled
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record UpdateCounts(
        int total, int waiting, int inProgress, int retrying, int success, int failed, int canceled) {

    /** Counts {@code updates} as Formae's CLI does. */
    public static UpdateCounts of(Collection<ResourceUpdate> updates) {
        int total = 0, waiting = 0, progress = 0, retry = 0, success = 0, failed = 0, canceled = 0;
        for (ResourceUpdate u : updates) {
            if (u.isRead()) {
                continue;
            }
            total++;
            switch (u.state()) {
                case NOT_STARTED -> waiting++;
                case IN_PROGRESS -> {
                    if (u.currentAttempt() > 1) {
                        retry++;
                    } else {
                        progress++;
                    }
                }
                case SUCCESS -> success++;
                case FAILED -> failed++;
                case CANCELED -> canceled++;
                default -> {
                    // Pending, Rejected and Unknown count toward the total only, as in the CLI.
                }
            }
        }
        return new UpdateCounts(total, waiting, progress, retry, success, failed, canceled);
    }

    /** Successes over the total, 1.0 for an empty command. */
    public double successRate() {
        return total == 0 ? 1.0 : (double) success / total;
    }

    /** Success + Failed + Canceled. */
    public int finished() {
        return success + failed + canceled;
    }

    /** One line as the CLI's table reads: {@code total=217 wait=0 progress=3 retry=1 success=210 fail=3 canceled=0}. */
    public String summary() {
        return "total=" + total + " wait=" + waiting + " progress=" + inProgress + " retry=" + retrying + " success="
                + success + " fail=" + failed + " canceled=" + canceled;
    }

    @Override
    public String toString() {
        return summary();
    }
}

package dev.infraperf.formae;

import org.apiguardian.api.API;

/**
 * One resource update of a command, as in {@code Commands[].ResourceUpdates[]}.
 *
 * @param resourceId the agent's id of the resource (a KSUID on a real agent)
 * @param type the CloudFormation type, e.g. {@code AWS::S3::Bucket}
 * @param label the resource label, e.g. {@code perf-1a2b3c4d-bucket-0}
 * @param stack the stack label
 * @param operation {@code create}, {@code update}, {@code delete}, {@code read} or {@code replace}
 * @param state the update's state
 * @param durationMillis how long the update took, in milliseconds (0 when not reported)
 * @param currentAttempt the attempt in progress or last made (1 for the first)
 * @param errorMessage the error of a failed update, or empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResourceUpdate(
        String resourceId,
        String type,
        String label,
        String stack,
        String operation,
        UpdateState state,
        long durationMillis,
        int currentAttempt,
        String errorMessage) {

    /** True for read operations, which Formae's CLI leaves out of every count. */
    public boolean isRead() {
        return "read".equalsIgnoreCase(operation);
    }
}

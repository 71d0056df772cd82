package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * The state of one operation of the simulated cloud ({@code GET /cloud/v1/operations/{id}}).
 *
 * @param requestId id assigned by the cloud
 * @param clientToken the token the client sent, or null
 * @param operation {@code create}, {@code update}, {@code delete} or {@code read}
 * @param type the resource type
 * @param label the resource label (creates), or the label of the resource operated on
 * @param nativeId the resource's id; assigned when a create is accepted
 * @param status {@code InProgress}, {@code Success} or {@code Failed}
 * @param errorCode why it failed ({@code DependencyViolation}, {@code HostedZoneNotEmpty}, ...), or null
 * @param message a sentence about the failure, or null
 * @param submittedAt ISO-8601 time of acceptance
 * @param completedAt ISO-8601 time of completion, null while in progress
 * @param resourceModel on success of create, update or read: the resource's current properties
 */
public record OperationStatus(
        String requestId,
        String clientToken,
        String operation,
        String type,
        String label,
        String nativeId,
        String status,
        String errorCode,
        String message,
        String submittedAt,
        String completedAt,
        Map<String, Object> resourceModel) {

    /** Status of an operation still running. */
    public static final String IN_PROGRESS = "InProgress";
    /** Status of an operation that finished well. */
    public static final String SUCCESS = "Success";
    /** Status of an operation that failed; see {@link #errorCode()}. */
    public static final String FAILED = "Failed";

    /** Whether the operation has finished, well or not. */
    @JsonIgnore
    public boolean isFinal() {
        return !IN_PROGRESS.equals(status);
    }

    /** Whether the operation finished well. */
    @JsonIgnore
    public boolean isSuccess() {
        return SUCCESS.equals(status);
    }

    /** Whether the operation failed. */
    @JsonIgnore
    public boolean isFailed() {
        return FAILED.equals(status);
    }
}

package dev.infraperf.mock.terrafix;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;

/**
 * The dedup record of one failure, stored as JSON under {@code terrafix:failure:<hash>} with the field names of
 * TerraFix's {@code RedisStateStore}; fields accumulate across transitions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FailureRecord(
        @JsonProperty("status") String status,
        @JsonProperty("test_id") String testId,
        @JsonProperty("resource_arn") String resourceArn,
        @JsonProperty("claimed_at") String claimedAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("completed_at") String completedAt,
        @JsonProperty("failed_at") String failedAt,
        @JsonProperty("pr_url") String prUrl,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("claim_id") String claimId) {

    static final String IN_PROGRESS = "in_progress";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * A new claim. {@code claim_id} (not in TerraFix's record) tells this claim apart from every other claim of the same
     * failure, so that a process that lost the answer of a claim it sent can recognise the claim as its own later.
     */
    static FailureRecord inProgress(String testId, String resourceArn) {
        String now = Instant.now().toString();
        return new FailureRecord(
                IN_PROGRESS,
                testId,
                resourceArn,
                now,
                now,
                null,
                null,
                null,
                null,
                UUID.randomUUID().toString());
    }

    FailureRecord completed(String prUrl) {
        String now = Instant.now().toString();
        return new FailureRecord(COMPLETED, testId, resourceArn, claimedAt, now, now, null, prUrl, null, claimId);
    }

    FailureRecord failed(String error) {
        String now = Instant.now().toString();
        String truncated = error.length() > 1000 ? error.substring(0, 1000) : error;
        return new FailureRecord(FAILED, testId, resourceArn, claimedAt, now, null, now, prUrl, truncated, claimId);
    }

    boolean isCompleted() {
        return COMPLETED.equals(status);
    }

    /** In progress or completed: a new copy of this failure is a duplicate and is skipped. */
    boolean blocksReprocessing() {
        return IN_PROGRESS.equals(status) || COMPLETED.equals(status);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise dedup record " + this, e);
        }
    }

    /** Parses a stored record; a value that is not a record of ours reads as {@code failed} so it gets reprocessed. */
    static FailureRecord fromJson(String json) {
        try {
            FailureRecord parsed = JSON.readValue(json, FailureRecord.class);
            return parsed.status == null ? unreadable(json) : parsed;
        } catch (JsonProcessingException e) {
            return unreadable(json);
        }
    }

    private static FailureRecord unreadable(String json) {
        return new FailureRecord(FAILED, null, null, null, null, null, null, null, "unreadable record: " + json, null);
    }
}

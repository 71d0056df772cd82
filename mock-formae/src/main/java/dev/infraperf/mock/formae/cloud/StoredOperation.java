package dev.infraperf.mock.formae.cloud;

import java.util.Map;

/**
 * An operation as the cloud keeps and journals it; replaced, never mutated.
 *
 * @param dueAt epoch millis at which an in-progress operation completes
 * @param newProperties the properties an update applies at completion
 * @param injectedCode a {@code failNext} fault that makes it fail at completion, or null
 */
record StoredOperation(
        String requestId,
        String clientToken,
        String operation,
        String type,
        String label,
        String nativeId,
        String status,
        String errorCode,
        String message,
        long submittedAt,
        Long completedAt,
        long dueAt,
        Map<String, Object> newProperties,
        Map<String, String> newTags,
        String injectedCode,
        String injectedMessage) {

    boolean inProgress() {
        return OperationStatus.IN_PROGRESS.equals(status);
    }

    StoredOperation finish(String finalStatus, String code, String text, long now) {
        return new StoredOperation(
                requestId,
                clientToken,
                operation,
                type,
                label,
                nativeId,
                finalStatus,
                code,
                text,
                submittedAt,
                now,
                dueAt,
                null,
                null,
                null,
                null);
    }
}

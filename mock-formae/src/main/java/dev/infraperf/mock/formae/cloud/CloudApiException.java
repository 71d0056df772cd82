package dev.infraperf.mock.formae.cloud;

/** An HTTP error answer of the simulated cloud: {@code {"error": code, "message": ...}}. */
public final class CloudApiException extends RuntimeException {

    private final int httpStatus;
    private final String errorCode;

    public CloudApiException(int httpStatus, String errorCode, String message) {
        super("simulated cloud answered HTTP " + httpStatus + " " + errorCode + ": " + message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Whether the request was throttled (HTTP 429) and may be retried later. */
    public boolean isThrottling() {
        return httpStatus == 429;
    }
}

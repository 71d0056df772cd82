package dev.infraperf.mock.terrafix;

/** The dedup store did not answer; the request gets 503 and may be retried. */
final class StoreUnavailableException extends RuntimeException {
    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.infraperf.parts;

/** A candidate applied (e.g. {@code REDIS_URL} was set) but could not provide the part. */
public class PartFailedException extends RuntimeException {

    public PartFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

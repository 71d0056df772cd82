package dev.infraperf.parts;

import org.apiguardian.api.API;

/** A candidate applied (e.g. {@code REDIS_URL} was set) but could not provide the part. */
@API(status = API.Status.INTERNAL, since = "0.1")
public class PartFailedException extends RuntimeException {

    public PartFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.infraperf.parts;

import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * No candidate could provide an external part. It is a {@link TestAbortedException}, so a test that
 * needs the part is reported as skipped with the reason, never failed and never silently passed.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public class PartUnavailableException extends TestAbortedException {

    public PartUnavailableException(String message) {
        super(message);
    }
}

package dev.infraperf.parts;

import org.opentest4j.TestAbortedException;

/**
 * No candidate could provide an external part. It is a {@link TestAbortedException}, so a test that
 * needs the part is reported as skipped with the reason, never failed and never silently passed.
 */
public class PartUnavailableException extends TestAbortedException {

    public PartUnavailableException(String message) {
        super(message);
    }
}

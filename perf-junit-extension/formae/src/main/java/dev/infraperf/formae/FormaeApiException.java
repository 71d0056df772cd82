package dev.infraperf.formae;

import org.apiguardian.api.API;

/**
 * A Formae agent answered a request with an error, or the {@code formae} binary exited non-zero.
 * Carries the HTTP status (or exit code) and the agent's {@code error} name when it sent one.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class FormaeApiException extends RuntimeException {

    private final int status;
    private final String error;

    public FormaeApiException(String message, int status, String error) {
        super(message);
        this.status = status;
        this.error = error == null ? "" : error;
    }

    /** The HTTP status code, or the process exit code for the CLI driver. */
    public int status() {
        return status;
    }

    /** The agent's error name, e.g. {@code ConflictingCommands}, or empty. */
    public String error() {
        return error;
    }
}

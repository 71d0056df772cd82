package dev.infraperf.formae;

/**
 * A Formae agent answered a request with an error, or the {@code formae} binary exited non-zero.
 * Carries the HTTP status (or exit code) and the agent's {@code error} name when it sent one.
 */
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

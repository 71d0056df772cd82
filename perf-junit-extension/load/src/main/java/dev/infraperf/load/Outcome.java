package dev.infraperf.load;

/** How one request ended; every failure class except {@link #TIMEOUT} counts as failed. */
enum Outcome {
    SUCCESS("success"),
    /** An answer arrived with a status that was not expected. */
    STATUS("status"),
    /** Connecting, sending or reading failed (refused, reset, malformed answer). */
    CONNECTION("connection"),
    /** The answer arrived with an expected status but a {@link Request#check check} did not hold. */
    VALIDATION("validation"),
    /** No complete answer within the request timeout, or cancelled because the phase ended. */
    TIMEOUT("timeout");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

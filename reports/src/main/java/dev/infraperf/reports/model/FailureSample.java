package dev.infraperf.reports.model;

/**
 * A distinct failure and how often it happened (a row of Locust's {@code _failures.csv}).
 *
 * @param kind failed, timed out or dropped
 * @param method request type, e.g. {@code POST}
 * @param name request name, e.g. {@code /webhook}
 * @param message the error, e.g. {@code HTTP 503: Service Unavailable}
 * @param occurrences how many requests failed this way, at least 1
 */
public record FailureSample(FailureKind kind, String method, String name, String message, long occurrences) {
    private static final String NAME = "FailureSample";

    public FailureSample {
        Checks.notNull(kind, NAME, "kind");
        method = method == null ? "" : method;
        Checks.notBlank(name, NAME, "name");
        message = message == null ? "" : message;
        if (occurrences < 1) {
            throw new IllegalArgumentException(NAME + ".occurrences must be >= 1, found " + occurrences);
        }
    }
}

package dev.infraperf.reports.model;

/**
 * A threshold that a phase did not meet. All breaches of a phase are reported together.
 *
 * @param metric what was judged, e.g. {@code P99 latency}
 * @param level the level that was reached (the failing level by default is {@link Level#CRITICAL})
 * @param expected the limit, with unit, e.g. {@code <= 1000 ms}
 * @param actual the value found, with unit, e.g. {@code 6100 ms}
 * @param message the assertion message in AssertJ's multi-line shape ("Expecting actual: ... to be
 *     less than or equal to: ...")
 */
public record Breach(String metric, Level level, String expected, String actual, String message) {
    private static final String NAME = "Breach";

    public Breach {
        Checks.notBlank(metric, NAME, "metric");
        Checks.notNull(level, NAME, "level");
        expected = expected == null ? "" : expected;
        actual = actual == null ? "" : actual;
        message = message == null ? "" : message;
    }
}

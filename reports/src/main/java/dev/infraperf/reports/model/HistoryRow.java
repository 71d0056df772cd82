package dev.infraperf.reports.model;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * One row of the run history (the Formae plan's "Test Iterations" table), appended per run to
 * {@code perf.history.file}.
 *
 * @param date when the run started
 * @param test the test (class or display name); runs of the same test are compared
 * @param runId the run's id (its directory name)
 * @param count resources for a Formae run, requests issued for a load run
 * @param countUnit {@code resources} or {@code requests}
 * @param successPercent successful share 0-100
 * @param failedPercent failed share 0-100
 * @param duration how long the run took
 * @param p99Nanos the highest p99 latency of any phase, corrected for coordinated omission,
 *     nanoseconds; empty for runs without load phases or requests
 * @param notes free text
 */
public record HistoryRow(
        Instant date,
        String test,
        String runId,
        long count,
        String countUnit,
        double successPercent,
        double failedPercent,
        Duration duration,
        OptionalLong p99Nanos,
        String notes) {
    private static final String NAME = "HistoryRow";

    public HistoryRow {
        Checks.notNull(date, NAME, "date");
        Checks.notBlank(test, NAME, "test");
        runId = runId == null ? "" : runId;
        Checks.nonNegative(count, NAME, "count");
        countUnit = countUnit == null ? "" : countUnit;
        Checks.percentage(successPercent, NAME, "successPercent");
        Checks.percentage(failedPercent, NAME, "failedPercent");
        Checks.notNull(duration, NAME, "duration");
        p99Nanos = p99Nanos == null ? OptionalLong.empty() : p99Nanos;
        notes = notes == null ? "" : notes;
    }
}

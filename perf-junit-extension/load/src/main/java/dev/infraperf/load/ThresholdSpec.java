package dev.infraperf.load;

import dev.infraperf.config.DurationParser;
import dev.infraperf.reports.model.Level;
import java.time.Duration;

/** {@link Thresholds} parsed and validated; {@code null} latency limits are not judged. */
record ThresholdSpec(
        Duration p50,
        Duration p50Critical,
        Duration p95,
        Duration p95Critical,
        Duration p99,
        Duration p99Critical,
        double successRate,
        double successRateCritical,
        boolean judgeThroughput,
        Level failOn,
        Duration scheduleErrorP99) {

    /** The open model's default schedule-error limit, see {@link Thresholds#scheduleErrorP99()}. */
    static final Duration DEFAULT_SCHEDULE_ERROR_P99 = Duration.ofMillis(1);

    /** The guide's table with failOn = CRITICAL, for phases of classes without {@link Thresholds}. */
    static final ThresholdSpec DEFAULT = new ThresholdSpec(
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            null,
            null,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            0.99,
            0.95,
            true,
            Level.CRITICAL,
            DEFAULT_SCHEDULE_ERROR_P99);

    static ThresholdSpec parse(Thresholds t, String where) {
        double good = t.successRate();
        double critical = t.successRateCritical();
        if (!(good >= 0 && good <= 1)) {
            throw new dev.infraperf.config.ConfigurationException("[" + good + "] is not valid for " + where
                    + ".successRate; use a fraction between 0 and 1, e.g." + " 0.99");
        }
        if (!(critical >= 0 && critical <= good)) {
            throw new dev.infraperf.config.ConfigurationException("[" + critical + "] is not valid for " + where
                    + ".successRateCritical; use a fraction between 0 and successRate (" + good + "), e.g. 0.95");
        }
        return new ThresholdSpec(
                duration(t.p50(), where + ".p50"),
                duration(t.p50Critical(), where + ".p50Critical"),
                duration(t.p95(), where + ".p95"),
                duration(t.p95Critical(), where + ".p95Critical"),
                duration(t.p99(), where + ".p99"),
                duration(t.p99Critical(), where + ".p99Critical"),
                good,
                critical,
                t.judgeThroughput(),
                t.failOn(),
                duration(t.scheduleErrorP99(), where + ".scheduleErrorP99"));
    }

    private static Duration duration(String text, String subject) {
        return text.isBlank() ? null : DurationParser.parse(text, subject);
    }
}

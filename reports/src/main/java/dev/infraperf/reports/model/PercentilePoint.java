package dev.infraperf.reports.model;

/**
 * One point of a percentile spectrum (HdrHistogram's percentile distribution).
 *
 * @param percentile the percentile, 0-100 (for example 99.9)
 * @param valueNanos the latency at or below which {@code percentile} percent of the values fall, in
 *     nanoseconds
 */
public record PercentilePoint(double percentile, long valueNanos) {
    public PercentilePoint {
        Checks.percentage(percentile, "PercentilePoint", "percentile");
        Checks.nonNegative(valueNanos, "PercentilePoint", "valueNanos");
    }
}

package dev.infraperf.reports.model;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency statistics of a set of requests. Every value is in <b>nanoseconds</b>, as recorded in
 * HdrHistogram; {@link #significantDigits()} states the precision (an HdrHistogram with 3 digits
 * reports values within 0.1%). The percentiles are those Locust's CSVs report (50, 66, 75, 80, 90,
 * 95, 98, 99, 99.9, 99.99; 100 is {@link #maxNanos()}).
 *
 * @param count number of recorded latencies; 0 means every other value is 0 and the spectrum empty
 * @param minNanos smallest latency
 * @param maxNanos largest latency
 * @param meanNanos arithmetic mean
 * @param stddevNanos standard deviation
 * @param p50Nanos median
 * @param p66Nanos 66th percentile
 * @param p75Nanos 75th percentile
 * @param p80Nanos 80th percentile
 * @param p90Nanos 90th percentile
 * @param p95Nanos 95th percentile
 * @param p98Nanos 98th percentile
 * @param p99Nanos 99th percentile
 * @param p999Nanos 99.9th percentile
 * @param p9999Nanos 99.99th percentile
 * @param spectrum the percentile spectrum (ascending percentiles), empty when not kept; drawn as
 *     {@code percentile_chart.png}
 * @param significantDigits HdrHistogram's number of significant value digits, 0 when unknown
 * @param correctedForCoordinatedOmission whether latencies were measured from the intended start
 *     (open model) or back-filled for coordinated omission; {@code false} means raw service times
 */
public record LatencySummary(
        long count,
        long minNanos,
        long maxNanos,
        double meanNanos,
        double stddevNanos,
        long p50Nanos,
        long p66Nanos,
        long p75Nanos,
        long p80Nanos,
        long p90Nanos,
        long p95Nanos,
        long p98Nanos,
        long p99Nanos,
        long p999Nanos,
        long p9999Nanos,
        List<PercentilePoint> spectrum,
        int significantDigits,
        boolean correctedForCoordinatedOmission) {

    private static final String NAME = "LatencySummary";

    public LatencySummary {
        Checks.nonNegative(count, NAME, "count");
        Checks.nonNegative(minNanos, NAME, "minNanos");
        Checks.nonNegative(meanNanos, NAME, "meanNanos");
        Checks.nonNegative(stddevNanos, NAME, "stddevNanos");
        long[] ordered = {
            minNanos,
            p50Nanos,
            p66Nanos,
            p75Nanos,
            p80Nanos,
            p90Nanos,
            p95Nanos,
            p98Nanos,
            p99Nanos,
            p999Nanos,
            p9999Nanos,
            maxNanos
        };
        String[] names = {
            "minNanos",
            "p50Nanos",
            "p66Nanos",
            "p75Nanos",
            "p80Nanos",
            "p90Nanos",
            "p95Nanos",
            "p98Nanos",
            "p99Nanos",
            "p999Nanos",
            "p9999Nanos",
            "maxNanos"
        };
        for (int i = 1; i < ordered.length; i++) {
            if (ordered[i] < ordered[i - 1]) {
                throw new IllegalArgumentException(NAME + "." + names[i] + " (" + ordered[i] + " ns) must be >= "
                        + names[i - 1] + " (" + ordered[i - 1] + " ns): percentiles ascend");
            }
        }
        spectrum = Checks.list(spectrum, NAME, "spectrum");
        if (significantDigits < 0 || significantDigits > 5) {
            throw new IllegalArgumentException(
                    NAME + ".significantDigits must be within 0..5, found " + significantDigits);
        }
    }

    /** A summary of no requests at all. */
    public static LatencySummary empty(boolean correctedForCoordinatedOmission) {
        return new LatencySummary(
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, correctedForCoordinatedOmission);
    }

    /**
     * Summarises a histogram whose values are nanoseconds, keeping its percentile spectrum (5 ticks
     * per half distance, as HdrHistogram's own percentile output).
     */
    public static LatencySummary of(AbstractHistogram histogram, boolean correctedForCoordinatedOmission) {
        return of(histogram, correctedForCoordinatedOmission, true);
    }

    /** As {@link #of(AbstractHistogram, boolean)}, optionally without the spectrum (per-interval rows). */
    public static LatencySummary of(
            AbstractHistogram histogram, boolean correctedForCoordinatedOmission, boolean withSpectrum) {
        if (histogram.getTotalCount() == 0) {
            return empty(correctedForCoordinatedOmission);
        }
        List<PercentilePoint> spectrum = new ArrayList<>();
        if (withSpectrum) {
            double last = -1;
            for (HistogramIterationValue v : histogram.percentiles(5)) {
                double p = Math.min(100.0, v.getPercentileLevelIteratedTo());
                if (p > last) {
                    spectrum.add(new PercentilePoint(p, v.getValueIteratedTo()));
                    last = p;
                }
                if (p >= 100.0) {
                    break;
                }
            }
        }
        return new LatencySummary(
                histogram.getTotalCount(),
                histogram.getMinValue(),
                histogram.getMaxValue(),
                histogram.getMean(),
                histogram.getStdDeviation(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(66),
                histogram.getValueAtPercentile(75),
                histogram.getValueAtPercentile(80),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(95),
                histogram.getValueAtPercentile(98),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getValueAtPercentile(99.99),
                spectrum,
                histogram.getNumberOfSignificantValueDigits(),
                correctedForCoordinatedOmission);
    }

    /** This summary without its spectrum. */
    public LatencySummary withoutSpectrum() {
        return new LatencySummary(
                count,
                minNanos,
                maxNanos,
                meanNanos,
                stddevNanos,
                p50Nanos,
                p66Nanos,
                p75Nanos,
                p80Nanos,
                p90Nanos,
                p95Nanos,
                p98Nanos,
                p99Nanos,
                p999Nanos,
                p9999Nanos,
                List.of(),
                significantDigits,
                correctedForCoordinatedOmission);
    }

    /** Converts nanoseconds to milliseconds (fractional). */
    public static double millis(double nanos) {
        return nanos / 1_000_000.0;
    }
}

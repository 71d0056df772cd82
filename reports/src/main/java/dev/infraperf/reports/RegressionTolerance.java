package dev.infraperf.reports;

/**
 * How much worse a run may be than the previous run of the same test before it is flagged as a
 * regression.
 *
 * @param p99IncreasePercent allowed p99 increase in percent of the previous p99 (e.g. 20 = +20%)
 * @param successDropPoints allowed drop of the success rate in percentage points (e.g. 1 = 99.5% to
 *     98.5% is still fine)
 */
public record RegressionTolerance(double p99IncreasePercent, double successDropPoints) {
    /** Configuration key of {@link #p99IncreasePercent()}. */
    public static final String P99_KEY = "perf.regression.p99Tolerance";
    /** Configuration key of {@link #successDropPoints()}. */
    public static final String SUCCESS_KEY = "perf.regression.successTolerance";

    /** +20% p99, -1 point success rate. */
    public static final RegressionTolerance DEFAULT = new RegressionTolerance(20, 1);

    public RegressionTolerance {
        if (!(p99IncreasePercent >= 0) || Double.isInfinite(p99IncreasePercent)) {
            throw new IllegalArgumentException(
                    P99_KEY + " must be a number of percent >= 0 (e.g. 20), found " + p99IncreasePercent);
        }
        if (!(successDropPoints >= 0) || successDropPoints > 100) {
            throw new IllegalArgumentException(
                    SUCCESS_KEY + " must be percentage points within 0..100 (e.g. 1), found " + successDropPoints);
        }
    }
}

package dev.infraperf.reports.model;

/**
 * A metric judged against the guide's Good / Warning / Critical thresholds.
 *
 * @param metric what was judged, e.g. {@code P50 latency}, {@code P99 latency}, {@code Success rate},
 *     {@code Throughput}
 * @param value the measured value in {@code unit}
 * @param unit unit of {@code value}: {@code ms}, {@code %}, {@code req/s}, ...
 * @param level the judgement; {@link Level#NOT_JUDGED} when the figure could not be judged
 * @param rule the thresholds applied, e.g. {@code Good < 100 ms, Warning 100-500 ms, Critical > 500 ms}
 * @param detail optional words on the value, e.g. {@code Stable} or {@code Declining (-34% first to last third)}
 */
public record Verdict(String metric, double value, String unit, Level level, String rule, String detail) {
    private static final String NAME = "Verdict";

    public Verdict {
        Checks.notBlank(metric, NAME, "metric");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(NAME + ".value of " + metric + " must be a number, found NaN");
        }
        unit = unit == null ? "" : unit;
        Checks.notNull(level, NAME, "level");
        rule = rule == null ? "" : rule;
        detail = detail == null ? "" : detail;
    }

    /** A verdict without detail. */
    public Verdict(String metric, double value, String unit, Level level, String rule) {
        this(metric, value, unit, level, rule, "");
    }

    /** The value as reports print it, e.g. {@code 380 ms}, {@code 99.7 %}, or the detail when given. */
    public String display() {
        String number = Math.abs(value) >= 100 || value == Math.rint(value)
                ? String.format(java.util.Locale.ROOT, "%.0f", value)
                : String.format(java.util.Locale.ROOT, "%.2f", value);
        String shown = unit.isEmpty() ? number : number + " " + unit;
        if (level == Level.NOT_JUDGED && value == 0 && !detail.isEmpty()) {
            return detail; // nothing was measured: a 0 would read as a figure
        }
        return detail.isEmpty() ? shown : detail + " (" + shown + ")";
    }
}

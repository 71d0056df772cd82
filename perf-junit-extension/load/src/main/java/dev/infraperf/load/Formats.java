package dev.infraperf.load;

import java.time.Duration;
import java.util.Locale;

/** How the load package prints figures: latencies in ms with sensible precision, rates, percentages. */
final class Formats {
    private Formats() {}

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f ms", ms);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f req/s", perSecond);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }
}

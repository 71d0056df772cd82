package dev.infraperf.load;

import dev.infraperf.reports.model.Breach;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.Level;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Applies the guide's Good / Warning / Critical table to a phase: verdicts, breaches and the throughput trend. */
final class Judge {

    /** Trend of the interval rates; see {@link dev.infraperf.load.PhaseResult#throughputTrend()} for the rule. */
    enum Trend {
        STABLE("Stable", Level.GOOD),
        FLUCTUATING("Fluctuating", Level.WARNING),
        DECLINING("Declining", Level.CRITICAL),
        NOT_JUDGED("Not judged", Level.GOOD);

        final String label;
        final Level level;

        Trend(String label, Level level) {
            this.label = label;
            this.level = level;
        }
    }

    record TrendResult(Trend trend, double meanRate, String detail) {}

    static final int MIN_INTERVALS = 3;
    static final int MIN_INTERVALS_FOR_DECLINE = 6;
    static final double DECLINE = 0.20;
    static final double DECLINE_Z = 3.0;
    static final double FLUCTUATION_CV = 0.25;
    static final double FLUCTUATION_DISPERSION = 2.0;

    private Judge() {}

    static PhaseResult judge(PhaseRun run, ThresholdSpec spec) {
        PhaseResult phase = run.result();
        LatencySummary latency = phase.corrected();
        String which = latency.correctedForCoordinatedOmission() ? " (corrected for coordinated omission)" : " (raw)";
        List<Verdict> verdicts = new ArrayList<>();
        List<Breach> breaches = new ArrayList<>();
        latency(verdicts, breaches, phase, "P50 latency", which, latency.p50Nanos(), spec.p50(), spec.p50Critical());
        latency(verdicts, breaches, phase, "P95 latency", which, latency.p95Nanos(), spec.p95(), spec.p95Critical());
        latency(verdicts, breaches, phase, "P99 latency", which, latency.p99Nanos(), spec.p99(), spec.p99Critical());

        double rate = phase.counts().issued() == 0
                ? 0
                : (double) phase.counts().succeeded() / phase.counts().issued();
        Level successLevel = rate > spec.successRate()
                ? Level.GOOD
                : rate >= spec.successRateCritical() ? Level.WARNING : Level.CRITICAL;
        String successRule = String.format(
                Locale.ROOT,
                "Good > %s, Warning %s-%s, Critical < %s",
                pct(spec.successRate()),
                pct(spec.successRateCritical()),
                pct(spec.successRate()),
                pct(spec.successRateCritical()));
        verdicts.add(new Verdict("Success rate", rate * 100, "%", successLevel, successRule));
        if (successLevel != Level.GOOD) {
            boolean critical = successLevel == Level.CRITICAL;
            double limit = critical ? spec.successRateCritical() : spec.successRate();
            String actual = String.format(
                    Locale.ROOT,
                    "%s (%d of %d requests succeeded)",
                    pct(rate),
                    phase.counts().succeeded(),
                    phase.counts().issued());
            breaches.add(new Breach(
                    "Success rate",
                    successLevel,
                    (critical ? ">= " : "> ") + pct(limit),
                    actual,
                    message(
                            phase.name(),
                            "Success rate",
                            successLevel,
                            actual,
                            critical ? "to be greater than or equal to:" : "to be greater than:",
                            pct(limit))));
        }

        if (spec.judgeThroughput()) {
            TrendResult trend = trend(phase.intervals(), run.rampUp());
            verdicts.add(new Verdict(
                    "Throughput",
                    trend.meanRate(),
                    "req/s",
                    trend.trend().level,
                    "Good stable, Warning fluctuating, Critical declining",
                    trend.trend().label + (trend.detail().isEmpty() ? "" : " (" + trend.detail() + ")")));
            if (trend.trend().level != Level.GOOD) {
                breaches.add(new Breach(
                        "Throughput",
                        trend.trend().level,
                        "stable",
                        trend.trend().label.toLowerCase(Locale.ROOT) + ": " + trend.detail(),
                        message(
                                phase.name(),
                                "Throughput",
                                trend.trend().level,
                                trend.trend().label.toLowerCase(Locale.ROOT) + " (" + trend.detail() + ")",
                                "to be:",
                                "stable")));
            }
        }
        return phase.withJudgement(verdicts, breaches);
    }

    private static void latency(
            List<Verdict> verdicts,
            List<Breach> breaches,
            PhaseResult phase,
            String metric,
            String which,
            long nanos,
            Duration good,
            Duration critical) {
        if (good == null && critical == null) {
            return;
        }
        Level level;
        if (good != null && nanos < good.toNanos()) {
            level = Level.GOOD;
        } else if (critical == null || nanos <= critical.toNanos()) {
            level = good == null ? Level.GOOD : Level.WARNING;
        } else {
            level = Level.CRITICAL;
        }
        String rule = "Good < " + show(good) + ", Warning " + show(good) + "-" + show(critical) + ", Critical > "
                + show(critical);
        verdicts.add(new Verdict(metric, nanos / 1e6, "ms", level, rule));
        if (level != Level.GOOD) {
            boolean isCritical = level == Level.CRITICAL;
            String actual = Formats.millis(nanos);
            breaches.add(new Breach(
                    metric,
                    level,
                    isCritical ? "<= " + show(critical) : "< " + show(good),
                    actual,
                    message(
                            phase.name(),
                            metric + which,
                            level,
                            actual,
                            isCritical ? "to be less than or equal to:" : "to be less than:",
                            isCritical ? show(critical) : show(good))));
        }
    }

    private static String message(String phase, String metric, Level level, String actual, String verb, String limit) {
        return "[Phase \"" + phase + "\": " + metric + " is " + level.label() + "] " + System.lineSeparator()
                + "Expecting actual:" + System.lineSeparator()
                + "  " + actual + System.lineSeparator()
                + verb + System.lineSeparator()
                + "  " + limit;
    }

    /**
     * The trend of the per-interval completion rates after the ramp-up; see {@link
     * dev.infraperf.load.PhaseResult#throughputTrend()}.
     */
    static TrendResult trend(List<IntervalStats> intervals, Duration rampUp) {
        List<IntervalStats> steady = new ArrayList<>();
        for (IntervalStats i : intervals) {
            boolean full = i.length().toMillis() >= 990;
            if (full && i.offset().compareTo(rampUp) >= 0) {
                steady.add(i);
            }
        }
        int n = steady.size();
        double[] counts = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            counts[i] = steady.get(i).requestsPerSecond();
            sum += counts[i];
        }
        double mean = n == 0 ? 0 : sum / n;
        if (n < MIN_INTERVALS) {
            return new TrendResult(Trend.NOT_JUDGED, mean, n + " steady intervals, " + MIN_INTERVALS + " needed");
        }
        if (mean == 0) {
            return new TrendResult(Trend.DECLINING, 0, "no request completed after the ramp-up");
        }
        if (n >= MIN_INTERVALS_FOR_DECLINE) {
            int k = n / 3;
            double first = 0;
            double last = 0;
            for (int i = 0; i < k; i++) {
                first += counts[i];
                last += counts[n - k + i];
            }
            double drop = first == 0 ? 0 : 1 - last / first;
            double z = (first - last) / Math.sqrt(Math.max(1, first + last));
            if (drop > DECLINE && z > DECLINE_Z) {
                return new TrendResult(
                        Trend.DECLINING,
                        mean,
                        String.format(
                                Locale.ROOT,
                                "%.1f -> %.1f req/s, %.0f%% from first to last third",
                                first / k,
                                last / k,
                                -drop * 100));
            }
        }
        double var = 0;
        for (double c : counts) {
            var += (c - mean) * (c - mean);
        }
        var /= n - 1;
        double cv = Math.sqrt(var) / mean;
        if (cv > FLUCTUATION_CV && var > FLUCTUATION_DISPERSION * mean) {
            return new TrendResult(
                    Trend.FLUCTUATING,
                    mean,
                    String.format(Locale.ROOT, "coefficient of variation %.2f over %d intervals", cv, n));
        }
        return new TrendResult(
                Trend.STABLE,
                mean,
                String.format(Locale.ROOT, "coefficient of variation %.2f over %d intervals", cv, n));
    }

    private static String show(Duration d) {
        return d == null ? "-" : Formats.duration(d);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }
}

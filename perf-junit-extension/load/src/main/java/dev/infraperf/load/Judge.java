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
        NOT_JUDGED("Not judged", Level.NOT_JUDGED);

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

    /**
     * Judges a phase. Latency verdicts judge the successful requests only (a refused connection answers fast and says
     * nothing of the service); with no successful request they are {@link Level#NOT_JUDGED}. When the success rate is
     * Critical, a latency or throughput verdict that would read Good is Not judged instead: a service that failed
     * most requests is not Good on any figure derived from them. Not judged is neutral, never a breach.
     */
    static PhaseResult judge(PhaseRun run, ThresholdSpec spec) {
        PhaseResult phase = run.result();
        LatencySummary latency = run.succeededLatency();
        long issued = phase.counts().issued();
        long succeeded = phase.counts().succeeded();
        double rate = issued == 0 ? 0 : (double) succeeded / issued;
        Level successLevel = rate > spec.successRate()
                ? Level.GOOD
                : rate >= spec.successRateCritical() ? Level.WARNING : Level.CRITICAL;
        boolean failing = successLevel == Level.CRITICAL;
        String which = latency.correctedForCoordinatedOmission() ? "corrected for coordinated omission" : "raw";
        String covers = (succeeded == issued ? "all " + issued + " requests" : succeeded + " successful of " + issued)
                + ", " + which;
        Coverage coverage = new Coverage(covers, which, succeeded, issued, failing, pct(rate));

        List<Verdict> verdicts = new ArrayList<>();
        List<Breach> breaches = new ArrayList<>();
        latency(verdicts, breaches, phase, "P50 latency", coverage, latency.p50Nanos(), spec.p50(), spec.p50Critical());
        latency(verdicts, breaches, phase, "P95 latency", coverage, latency.p95Nanos(), spec.p95(), spec.p95Critical());
        latency(verdicts, breaches, phase, "P99 latency", coverage, latency.p99Nanos(), spec.p99(), spec.p99Critical());

        String successRule = String.format(
                Locale.ROOT,
                "Good > %s, Warning %s-%s, Critical < %s; of all %d issued requests",
                pct(spec.successRate()),
                pct(spec.successRateCritical()),
                pct(spec.successRate()),
                pct(spec.successRateCritical()),
                issued);
        verdicts.add(new Verdict("Success rate", rate * 100, "%", successLevel, successRule));
        if (successLevel != Level.GOOD) {
            double limit = failing ? spec.successRateCritical() : spec.successRate();
            String actual =
                    String.format(Locale.ROOT, "%s (%d of %d requests succeeded)", pct(rate), succeeded, issued);
            breaches.add(new Breach(
                    "Success rate",
                    successLevel,
                    (failing ? ">= " : "> ") + pct(limit),
                    actual,
                    message(
                            phase.name(),
                            "Success rate",
                            successLevel,
                            actual,
                            failing ? "to be greater than or equal to:" : "to be greater than:",
                            pct(limit))));
        }

        if (spec.judgeThroughput()) {
            TrendResult trend = trend(phase.intervals(), run.rampUp());
            Level level = trend.trend().level;
            String detail = trend.trend().label + (trend.detail().isEmpty() ? "" : " (" + trend.detail() + ")");
            if (failing && level == Level.GOOD) {
                level = Level.NOT_JUDGED;
                detail = "Not judged: success rate Critical (" + coverage.successRate() + "); " + detail;
            }
            verdicts.add(new Verdict(
                    "Throughput",
                    trend.meanRate(),
                    "req/s",
                    level,
                    "Good stable, Warning fluctuating, Critical declining; completed requests per steady interval;"
                            + " Not judged with fewer than " + MIN_INTERVALS + " steady intervals or a Critical"
                            + " success rate",
                    detail));
            if (level.isAtLeast(Level.WARNING)) {
                breaches.add(new Breach(
                        "Throughput",
                        level,
                        "stable",
                        trend.trend().label.toLowerCase(Locale.ROOT) + ": " + trend.detail(),
                        message(
                                phase.name(),
                                "Throughput",
                                level,
                                trend.trend().label.toLowerCase(Locale.ROOT) + " (" + trend.detail() + ")",
                                "to be:",
                                "stable")));
            }
        }
        scheduleError(verdicts, breaches, phase, spec.scheduleErrorP99());
        return phase.withJudgement(verdicts, breaches);
    }

    /**
     * Open model: a Good row while the schedule error's p99 stays under the limit, a Warning row "load generator
     * saturated" above it (never Critical: the target is not to blame, and never Good-washed by a good success rate).
     */
    private static void scheduleError(
            List<Verdict> verdicts, List<Breach> breaches, PhaseResult phase, Duration limit) {
        LatencySummary error = phase.scheduleError();
        if (limit == null || error == null || error.count() == 0) {
            return;
        }
        long p99 = error.p99Nanos();
        String rule = "Good < " + show(limit) + ", Warning above (load generator saturated); p99 of actual start -"
                + " intended start over " + error.count() + " arrivals";
        if (p99 < limit.toNanos()) {
            verdicts.add(new Verdict("Schedule error", p99 / 1e6, "ms", Level.GOOD, rule));
            return;
        }
        String actual = Formats.millis(p99) + " p99 over " + error.count() + " arrivals";
        verdicts.add(new Verdict(
                "Schedule error",
                p99 / 1e6,
                "ms",
                Level.WARNING,
                rule,
                "load generator saturated: arrivals started " + Formats.millis(p99) + " late at p99; latencies may"
                        + " describe the generator as much as the target"));
        breaches.add(new Breach(
                "Schedule error",
                Level.WARNING,
                "< " + show(limit),
                actual,
                message(
                        phase.name(),
                        "Schedule error (load generator saturated)",
                        Level.WARNING,
                        actual,
                        "to be less than:",
                        show(limit))));
    }

    /** Which requests the latency figures cover, and whether the success rate rules out a Good verdict. */
    private record Coverage(
            String text, String which, long succeeded, long issued, boolean failing, String successRate) {}

    private static void latency(
            List<Verdict> verdicts,
            List<Breach> breaches,
            PhaseResult phase,
            String metric,
            Coverage coverage,
            long nanos,
            Duration good,
            Duration critical) {
        if (good == null && critical == null) {
            return;
        }
        String rule = "Good < " + show(good) + ", Warning " + show(good) + "-" + show(critical) + ", Critical > "
                + show(critical) + "; of " + coverage.text()
                + "; Not judged when none succeeded or the success rate is Critical";
        if (coverage.succeeded() == 0) {
            verdicts.add(new Verdict(metric, 0, "ms", Level.NOT_JUDGED, rule, "Not judged: no successful request"));
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
        if (level == Level.GOOD && coverage.failing()) {
            verdicts.add(new Verdict(
                    metric,
                    nanos / 1e6,
                    "ms",
                    Level.NOT_JUDGED,
                    rule,
                    "Not judged: success rate Critical (" + coverage.successRate() + ")"));
            return;
        }
        verdicts.add(new Verdict(metric, nanos / 1e6, "ms", level, rule));
        if (level != Level.GOOD) {
            boolean isCritical = level == Level.CRITICAL;
            String actual = Formats.millis(nanos)
                    + (coverage.succeeded() == coverage.issued()
                            ? ""
                            : " (of the " + coverage.succeeded() + " successful of " + coverage.issued()
                                    + " requests)");
            breaches.add(new Breach(
                    metric,
                    level,
                    isCritical ? "<= " + show(critical) : "< " + show(good),
                    actual,
                    message(
                            phase.name(),
                            metric + " (" + coverage.which() + ")",
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

package dev.infraperf.reports;

import dev.infraperf.reports.model.HistoryRow;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The comparison of a run with a previous run of the same test: p99 latency (corrected) and success
 * rate, overall and per phase of the same name, flagged as {@link Regression}s beyond a
 * {@link RegressionTolerance}.
 *
 * @param previousRunId the run compared against
 * @param currentRunId the run judged
 * @param tolerance the tolerance applied
 * @param lines one human line per compared figure, e.g. {@code p99 latency: 410 ms -> 455 ms (+11.0%)}
 * @param regressions figures that got worse beyond the tolerance
 */
public record RunComparison(
        String previousRunId,
        String currentRunId,
        RegressionTolerance tolerance,
        List<String> lines,
        List<Regression> regressions) {

    public RunComparison {
        lines = List.copyOf(lines);
        regressions = List.copyOf(regressions);
    }

    /** Whether anything regressed. */
    public boolean hasRegressions() {
        return !regressions.isEmpty();
    }

    /** Compares two history rows (run-level figures). */
    public static RunComparison of(HistoryRow previous, HistoryRow current, RegressionTolerance tolerance) {
        List<String> lines = new ArrayList<>();
        List<Regression> regressions = new ArrayList<>();
        compareFigures(
                "run",
                previous.p99Nanos().isPresent()
                        ? Optional.of(previous.p99Nanos().getAsLong())
                        : Optional.empty(),
                current.p99Nanos().isPresent() ? Optional.of(current.p99Nanos().getAsLong()) : Optional.empty(),
                previous.successPercent(),
                current.successPercent(),
                previous.count() > 0 && current.count() > 0,
                tolerance,
                lines,
                regressions);
        return new RunComparison(previous.runId(), current.runId(), tolerance, lines, regressions);
    }

    /** Compares two runs: the run-level figures, then every phase present in both by name. */
    public static RunComparison of(RunResult previous, RunResult current, RegressionTolerance tolerance) {
        RunComparison overall = of(previous.toHistoryRow(), current.toHistoryRow(), tolerance);
        List<String> lines = new ArrayList<>(overall.lines());
        List<Regression> regressions = new ArrayList<>(overall.regressions());
        for (PhaseResult now : current.phases()) {
            for (PhaseResult before : previous.phases()) {
                if (before.name().equals(now.name())) {
                    compareFigures(
                            "phase " + now.name(),
                            p99(before),
                            p99(now),
                            before.counts().successPercent(),
                            now.counts().successPercent(),
                            before.counts().issued() > 0 && now.counts().issued() > 0,
                            tolerance,
                            lines,
                            regressions);
                }
            }
        }
        return new RunComparison(previous.runId(), current.runId(), tolerance, lines, regressions);
    }

    private static Optional<Long> p99(PhaseResult p) {
        LatencySummary l = p.corrected().count() > 0 ? p.corrected() : p.raw();
        return l.count() > 0 ? Optional.of(l.p99Nanos()) : Optional.empty();
    }

    private static void compareFigures(
            String scope,
            Optional<Long> p99Before,
            Optional<Long> p99Now,
            double successBefore,
            double successNow,
            boolean bothHaveRequests,
            RegressionTolerance tolerance,
            List<String> lines,
            List<Regression> regressions) {
        if (p99Before.isPresent() && p99Now.isPresent()) {
            double before = LatencySummary.millis(p99Before.get());
            double now = LatencySummary.millis(p99Now.get());
            double limit = before * (1 + tolerance.p99IncreasePercent() / 100.0);
            double change = before == 0 ? 0 : 100.0 * (now - before) / before;
            lines.add(String.format(
                    Locale.ROOT, "%s p99 latency: %s ms -> %s ms (%+.1f%%)", scope, ms(before), ms(now), change));
            if (now > limit) {
                regressions.add(new Regression(
                        scope,
                        "p99 latency",
                        ms(before) + " ms",
                        ms(now) + " ms",
                        String.format(
                                Locale.ROOT,
                                "%n[%s p99 latency regressed]%nExpecting actual:%n  %s ms%nto be less than or equal"
                                        + " to:%n  %s ms%n(previous run %s ms + %s%% tolerance, %s)",
                                scope,
                                ms(now),
                                ms(limit),
                                ms(before),
                                ms(tolerance.p99IncreasePercent()),
                                RegressionTolerance.P99_KEY)));
            }
        }
        if (bothHaveRequests) {
            double floor = successBefore - tolerance.successDropPoints();
            lines.add(String.format(
                    Locale.ROOT,
                    "%s success rate: %.2f%% -> %.2f%% (%+.2f points)",
                    scope,
                    successBefore,
                    successNow,
                    successNow - successBefore));
            if (successNow < floor) {
                regressions.add(new Regression(
                        scope,
                        "success rate",
                        String.format(Locale.ROOT, "%.2f%%", successBefore),
                        String.format(Locale.ROOT, "%.2f%%", successNow),
                        String.format(
                                Locale.ROOT,
                                "%n[%s success rate regressed]%nExpecting actual:%n  %.2f%%%nto be greater than or"
                                        + " equal to:%n  %.2f%%%n(previous run %.2f%% - %s points tolerance, %s)",
                                scope,
                                successNow,
                                floor,
                                successBefore,
                                ms(tolerance.successDropPoints()),
                                RegressionTolerance.SUCCESS_KEY)));
            }
        }
    }

    private static String ms(double v) {
        return Charts.fmt(v);
    }
}

package dev.infraperf.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one load phase.
 *
 * @param name phase name, also the file prefix of its CSVs ({@code <name>_stats.csv}); unique in a run
 * @param spec what the phase was configured to do (scaled)
 * @param startedAt when the phase started (wall clock)
 * @param elapsed how long it actually ran
 * @param counts what happened to every request of the phase, all endpoints together
 * @param endpoints per endpoint statistics
 * @param raw latencies of all endpoints, measured from the actual send, nanoseconds
 * @param corrected latencies of all endpoints, corrected for coordinated omission, nanoseconds
 * @param intervals per-interval rows (throughput timeline, {@code _stats_history.csv})
 * @param failures distinct failures ({@code _failures.csv})
 * @param verdicts Good / Warning / Critical judgements of the guide's metrics
 * @param breaches thresholds that were not met
 * @param histograms interval histograms for {@code <name>.hlog}; not part of the JSON summary (the
 *     log file is), empty when the producer keeps none
 * @param scheduleError open model: how late each arrival started (actual start - intended start, nanoseconds), from
 *     its own histogram; when its p99 is high the load generator, not the target, was the bottleneck. Null when the
 *     phase has no schedule (closed model) or the producer did not measure it.
 */
public record PhaseResult(
        String name,
        PhaseSpec spec,
        Instant startedAt,
        Duration elapsed,
        RequestCounts counts,
        List<EndpointStats> endpoints,
        LatencySummary raw,
        LatencySummary corrected,
        List<IntervalStats> intervals,
        List<FailureSample> failures,
        List<Verdict> verdicts,
        List<Breach> breaches,
        @JsonIgnore List<IntervalHistogram> histograms,
        LatencySummary scheduleError) {
    private static final String NAME = "PhaseResult";

    public PhaseResult {
        Checks.notBlank(name, NAME, "name");
        Checks.notNull(spec, NAME, "spec");
        Checks.notNull(startedAt, NAME, "startedAt");
        Checks.notNull(elapsed, NAME, "elapsed");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException(NAME + ".elapsed must not be negative, found " + elapsed);
        }
        Checks.notNull(counts, NAME, "counts");
        endpoints = Checks.list(endpoints, NAME, "endpoints");
        Checks.notNull(raw, NAME, "raw");
        Checks.notNull(corrected, NAME, "corrected");
        intervals = Checks.list(intervals, NAME, "intervals");
        failures = Checks.list(failures, NAME, "failures");
        verdicts = Checks.list(verdicts, NAME, "verdicts");
        breaches = Checks.list(breaches, NAME, "breaches");
        histograms = Checks.list(histograms == null ? List.of() : histograms, NAME, "histograms");
    }

    /** Requests per second over the whole phase: issued requests / elapsed seconds; 0 for a phase of no time. */
    public double requestsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : counts.issued() / seconds;
    }

    /** The worst level among the verdicts, {@link Level#GOOD} when there are none. */
    public Level worstLevel() {
        Level worst = Level.GOOD;
        for (Verdict v : verdicts) {
            if (v.level().isAtLeast(worst)) {
                worst = v.level();
            }
        }
        return worst;
    }

    /** This phase with other interval histograms (e.g. read back from its log file). */
    public PhaseResult withHistograms(List<IntervalHistogram> newHistograms) {
        return new PhaseResult(
                name,
                spec,
                startedAt,
                elapsed,
                counts,
                endpoints,
                raw,
                corrected,
                intervals,
                failures,
                verdicts,
                breaches,
                newHistograms,
                scheduleError);
    }

    /** This phase with other verdicts and breaches (thresholds applied after the run). */
    public PhaseResult withJudgement(List<Verdict> newVerdicts, List<Breach> newBreaches) {
        return new PhaseResult(
                name,
                spec,
                startedAt,
                elapsed,
                counts,
                endpoints,
                raw,
                corrected,
                intervals,
                failures,
                newVerdicts,
                newBreaches,
                histograms,
                scheduleError);
    }

    /** A builder; {@code name}, {@code spec} and {@code startedAt} are required, the rest defaults to empty. */
    public static Builder builder(String name, PhaseSpec spec, Instant startedAt) {
        return new Builder(name, spec, startedAt);
    }

    /** Collects the parts of a {@link PhaseResult}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final PhaseSpec spec;
        private final Instant startedAt;
        private Duration elapsed = Duration.ZERO;
        private RequestCounts counts = RequestCounts.none();
        private final List<EndpointStats> endpoints = new ArrayList<>();
        private LatencySummary raw = LatencySummary.empty(false);
        private LatencySummary corrected = LatencySummary.empty(true);
        private final List<IntervalStats> intervals = new ArrayList<>();
        private final List<FailureSample> failures = new ArrayList<>();
        private final List<Verdict> verdicts = new ArrayList<>();
        private final List<Breach> breaches = new ArrayList<>();
        private final List<IntervalHistogram> histograms = new ArrayList<>();
        private LatencySummary scheduleError;

        private Builder(String name, PhaseSpec spec, Instant startedAt) {
            this.name = name;
            this.spec = spec;
            this.startedAt = startedAt;
        }

        public Builder elapsed(Duration value) {
            this.elapsed = value;
            return this;
        }

        public Builder counts(RequestCounts value) {
            this.counts = value;
            return this;
        }

        public Builder endpoint(EndpointStats value) {
            endpoints.add(value);
            return this;
        }

        /** Latencies of all endpoints: raw and corrected for coordinated omission. */
        public Builder latency(LatencySummary rawValue, LatencySummary correctedValue) {
            this.raw = rawValue;
            this.corrected = correctedValue;
            return this;
        }

        public Builder interval(IntervalStats value) {
            intervals.add(value);
            return this;
        }

        public Builder failure(FailureSample value) {
            failures.add(value);
            return this;
        }

        public Builder verdict(Verdict value) {
            verdicts.add(value);
            return this;
        }

        public Builder breach(Breach value) {
            breaches.add(value);
            return this;
        }

        public Builder histogram(IntervalHistogram value) {
            histograms.add(value);
            return this;
        }

        /** Open model: actual start - intended start of every arrival that started. */
        public Builder scheduleError(LatencySummary value) {
            this.scheduleError = value;
            return this;
        }

        public PhaseResult build() {
            return new PhaseResult(
                    name,
                    spec,
                    startedAt,
                    elapsed,
                    counts,
                    endpoints,
                    raw,
                    corrected,
                    intervals,
                    failures,
                    verdicts,
                    breaches,
                    histograms,
                    scheduleError);
        }
    }
}

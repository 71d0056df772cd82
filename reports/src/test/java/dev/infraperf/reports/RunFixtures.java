package dev.infraperf.reports;

import dev.infraperf.reports.model.Bottleneck;
import dev.infraperf.reports.model.CheckOutcome;
import dev.infraperf.reports.model.CheckStatus;
import dev.infraperf.reports.model.CommandOutcome;
import dev.infraperf.reports.model.CycleResult;
import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.FailureKind;
import dev.infraperf.reports.model.FailureSample;
import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.Level;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import dev.infraperf.reports.model.RunResult;
import dev.infraperf.reports.model.StateSample;
import dev.infraperf.reports.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Fixed, seeded inputs for the rendering tests: same input, same output. */
final class RunFixtures {
    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    private RunFixtures() {}

    /**
     * A phase of {@code intervals} intervals of 5 s at {@code rps} requests per second, latencies
     * log-normal around {@code medianMs}, {@code failureShare} of them failed.
     */
    static PhaseResult phase(
            String name, Instant start, int intervals, int rps, double medianMs, double failureShare, long seed) {
        return phase(name, start, intervals, 5, rps, medianMs, failureShare, seed);
    }

    /** As above with intervals of {@code seconds} seconds. */
    static PhaseResult phase(
            String name,
            Instant start,
            int intervals,
            int seconds,
            int rps,
            double medianMs,
            double failureShare,
            long seed) {
        Random random = new Random(seed);
        Histogram totalRaw = new Histogram(60_000_000_000L, 3);
        Histogram totalCorrected = new Histogram(60_000_000_000L, 3);
        PhaseResult.Builder b = PhaseResult.builder(
                name, PhaseSpec.closed(20, 2, Duration.ofSeconds((long) seconds * intervals), "throughput"), start);
        long issued = 0;
        long failed = 0;
        for (int i = 0; i < intervals; i++) {
            Histogram raw = new Histogram(60_000_000_000L, 3);
            Histogram corrected = new Histogram(60_000_000_000L, 3);
            int n = seconds * rps;
            long intervalFailures = 0;
            for (int r = 0; r < n; r++) {
                long nanos = (long) (medianMs * 1_000_000 * Math.exp(0.5 * random.nextGaussian()));
                raw.recordValue(nanos);
                corrected.recordValueWithExpectedInterval(nanos, 1_000_000_000L / Math.max(1, rps) * 20);
                if (random.nextDouble() < failureShare) {
                    intervalFailures++;
                }
            }
            issued += n;
            failed += intervalFailures;
            totalRaw.add(raw);
            totalCorrected.add(corrected);
            Duration offset = Duration.ofSeconds((long) seconds * i);
            Duration length = Duration.ofSeconds(seconds);
            b.interval(IntervalStats.of(
                    offset, length, 20, n, intervalFailures, LatencySummary.of(corrected, true, false)));
            b.histogram(IntervalHistogram.of(IntervalHistogram.RAW, offset, length, raw));
            b.histogram(IntervalHistogram.of(IntervalHistogram.CORRECTED, offset, length, corrected));
        }
        RequestCounts counts = new RequestCounts(issued, issued - failed, failed, 0, 0);
        LatencySummary raw = LatencySummary.of(totalRaw, false);
        LatencySummary corrected = LatencySummary.of(totalCorrected, true);
        b.elapsed(Duration.ofSeconds((long) seconds * intervals))
                .counts(counts)
                .latency(raw, corrected)
                .endpoint(new EndpointStats("/webhook", "POST", counts, raw, corrected, 512));
        if (failed > 0) {
            b.failure(
                    new FailureSample(FailureKind.FAILED, "POST", "/webhook", "HTTP 503: Service Unavailable", failed));
        }
        double p50 = LatencySummary.millis(corrected.p50Nanos());
        double p99 = LatencySummary.millis(corrected.p99Nanos());
        b.verdict(new Verdict(
                "P50 latency",
                p50,
                "ms",
                p50 < 100 ? Level.GOOD : p50 <= 500 ? Level.WARNING : Level.CRITICAL,
                "Good < 100 ms, Warning 100-500 ms, Critical > 500 ms"));
        b.verdict(new Verdict(
                "P99 latency",
                p99,
                "ms",
                p99 < 1000 ? Level.GOOD : p99 <= 5000 ? Level.WARNING : Level.CRITICAL,
                "Good < 1 s, Warning 1-5 s, Critical > 5 s"));
        double success = counts.successPercent();
        b.verdict(new Verdict(
                "Success rate",
                success,
                "%",
                success > 99 ? Level.GOOD : success >= 95 ? Level.WARNING : Level.CRITICAL,
                "Good > 99%, Warning 95-99%, Critical < 95%"));
        b.verdict(new Verdict("Throughput", rps, "req/s", Level.GOOD, "Stable / Fluctuating / Declining", "Stable"));
        return b.build();
    }

    /** Two phases (baseline and medium), a bottleneck, config, resolutions. */
    static RunResult loadRun(String runId, Instant start, double medianMs) {
        PhaseResult baseline = phase("throughput_baseline", start, 12, 20, medianMs, 0.0, 1);
        PhaseResult medium = phase("throughput_medium", start.plusSeconds(60), 12, 40, medianMs * 3, 0.02, 2);
        return RunResult.builder(runId, "ThroughputScenario", start)
                .elapsed(Duration.ofSeconds(120))
                .gitCommit("3ea9e2b")
                .config(Map.of("perf.timeScale", "0.02", "perf.terrafix.url", "http://127.0.0.1:41234"))
                .scales(0.02, 1)
                .resolution("TerraFix: mock-terrafix started on 127.0.0.1:41234 (no perf.terrafix.url)")
                .resolution("Redis: redis-server 7.0.15 started on 127.0.0.1:41235 (no REDIS_URL, no Docker)")
                .phase(baseline)
                .phase(medium)
                .bottleneck(new Bottleneck(
                        "fixed-capacity",
                        "Throughput plateaus while latency grows with users.",
                        List.of("20 users: 20 req/s", "40 users: 40 req/s")))
                .build();
    }

    /** A run whose only phase issued nothing. */
    static RunResult zeroRequestRun() {
        PhaseResult empty = PhaseResult.builder("idle", PhaseSpec.open(10, Duration.ofSeconds(3), "throughput"), START)
                .elapsed(Duration.ofSeconds(3))
                .build();
        return RunResult.builder("zero-requests", "ZeroScenario", START)
                .elapsed(Duration.ofSeconds(3))
                .phase(empty)
                .build();
    }

    /** A run whose every request failed or timed out. */
    static RunResult onlyFailuresRun() {
        RequestCounts counts = new RequestCounts(50, 0, 40, 10, 0);
        Histogram raw = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < 40; i++) {
            raw.recordValue(2_000_000L + i * 10_000L);
        }
        LatencySummary l = LatencySummary.of(raw, false);
        PhaseResult p = PhaseResult.builder("broken", PhaseSpec.closed(5, 1, Duration.ofSeconds(10), "mixed"), START)
                .elapsed(Duration.ofSeconds(10))
                .counts(counts)
                .latency(l, LatencySummary.empty(true))
                .endpoint(new EndpointStats("/webhook", "POST", counts, l, LatencySummary.empty(true), 0))
                .interval(IntervalStats.of(Duration.ZERO, Duration.ofSeconds(5), 5, 25, 25, l))
                .interval(IntervalStats.of(Duration.ofSeconds(5), Duration.ofSeconds(5), 5, 25, 25, l))
                .failure(new FailureSample(FailureKind.FAILED, "POST", "/webhook", "HTTP 500: boom", 40))
                .failure(new FailureSample(FailureKind.TIMED_OUT, "POST", "/webhook", "no response within 2s", 10))
                .verdict(new Verdict(
                        "Success rate", 0, "%", Level.CRITICAL, "Good > 99%, Warning 95-99%, Critical < 95%"))
                .breach(new dev.infraperf.reports.model.Breach(
                        "Success rate",
                        Level.CRITICAL,
                        "> 95 %",
                        "0 %",
                        "Expecting actual:\n  0.0\nto be greater than:\n  95.0"))
                .build();
        return RunResult.builder("only-failures", "FailureScenario", START)
                .elapsed(Duration.ofSeconds(10))
                .phase(p)
                .build();
    }

    /** A Formae apply/destroy cycle of 200 resources with a state timeline and two checks. */
    static RunResult formaeRun() {
        List<StateSample> apply = new ArrayList<>();
        for (int s = 0; s <= 30; s++) {
            long success = Math.min(193, s * 8L);
            long failed = s > 20 ? 7 : s / 3;
            long inProgress = Math.max(0, Math.min(40, 200 - success - failed));
            long waiting = Math.max(0, 200 - success - failed - inProgress);
            apply.add(new StateSample(Duration.ofSeconds(10L * s), waiting, inProgress, success, failed, 0));
        }
        List<StateSample> destroy = new ArrayList<>();
        for (int s = 0; s <= 12; s++) {
            long success = Math.min(193, s * 20L);
            destroy.add(new StateSample(Duration.ofSeconds(10L * s), 193 - success, 0, success, 0, 0));
        }
        CommandOutcome applied = new CommandOutcome(
                "apply",
                "2kQ1",
                "Failed",
                Map.of("Success", 193L, "Failed", 7L),
                Duration.ofMinutes(5),
                apply,
                List.of("2026-11-22T10:01:02 ERR AMI ami-123 not found", "ERR token=abcd1234secret leaked?"));
        CommandOutcome destroyed = new CommandOutcome(
                "destroy", "2kQ2", "Success", Map.of("Success", 193L), Duration.ofMinutes(2), destroy, List.of());
        return RunResult.builder("formae-200", "Apply200Scenario", START)
                .elapsed(Duration.ofMinutes(7))
                .resolution("Formae agent: mock-formae started on 127.0.0.1:49684")
                .cycle(new CycleResult("apply-destroy-200", 200, START, List.of(applied, destroyed), "AMI bug"))
                .check(new CheckOutcome(
                        "apply-destroy-zero",
                        "Apply then destroy leaves zero managed resources",
                        OptionalInt.of(3),
                        Optional.of("https://example.invalid/bug/3"),
                        CheckStatus.PASSED,
                        ""))
                .check(new CheckOutcome(
                        "no-orphans",
                        "Destroy leaves no orphan in the cloud",
                        OptionalInt.of(7),
                        Optional.empty(),
                        CheckStatus.FAILED,
                        "bucket perf-123 left behind"))
                .notes("AMI and EBS io1 bugs identified")
                .build();
    }
}

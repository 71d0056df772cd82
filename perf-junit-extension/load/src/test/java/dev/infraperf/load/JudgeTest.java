package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.LoadModel;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The throughput-trend rule and the bottleneck rule on made-up interval rates and phases. */
class JudgeTest {

    private static List<IntervalStats> rates(double... perSecond) {
        List<IntervalStats> rows = new ArrayList<>();
        for (int i = 0; i < perSecond.length; i++) {
            rows.add(IntervalStats.of(
                    Duration.ofSeconds(i),
                    Duration.ofSeconds(1),
                    10,
                    (long) perSecond[i],
                    0,
                    LatencySummary.empty(false)));
        }
        return rows;
    }

    @Test
    void steady_rates_are_stable() {
        assertThat(Judge.trend(rates(100, 98, 103, 101, 99, 100, 102, 97, 100), Duration.ZERO)
                        .trend())
                .isEqualTo(Judge.Trend.STABLE);
    }

    @Test
    void rates_that_fall_by_a_third_are_declining() {
        Judge.TrendResult result = Judge.trend(rates(100, 100, 98, 90, 80, 75, 68, 66, 65), Duration.ZERO);
        assertThat(result.trend()).isEqualTo(Judge.Trend.DECLINING);
        assertThat(result.detail()).isEqualTo("99.3 -> 66.3 req/s, -33% from first to last third");
    }

    @Test
    void a_small_drop_at_a_low_rate_is_chance_not_a_decline() {
        // 8 -> 6 req/s is -25%, but with so few requests it is within Poisson noise
        assertThat(Judge.trend(rates(8, 8, 9, 7, 7, 6, 6), Duration.ZERO).trend())
                .isNotEqualTo(Judge.Trend.DECLINING);
    }

    @Test
    void rates_that_swing_far_beyond_random_arrivals_are_fluctuating() {
        assertThat(Judge.trend(rates(100, 20, 180, 40, 160, 100, 30, 170), Duration.ZERO)
                        .trend())
                .isEqualTo(Judge.Trend.FLUCTUATING);
    }

    @Test
    void intervals_of_the_ramp_up_are_not_judged() {
        Judge.TrendResult result = Judge.trend(rates(10, 50, 100, 100, 101, 99), Duration.ofSeconds(2));
        assertThat(result.trend()).isEqualTo(Judge.Trend.STABLE);
        assertThat(result.meanRate()).isEqualTo(100.0);
    }

    @Test
    void fewer_than_three_steady_intervals_are_not_judged() {
        assertThat(Judge.trend(rates(5, 50), Duration.ZERO).trend()).isEqualTo(Judge.Trend.NOT_JUDGED);
    }

    private static PhaseResult phase(String name, int users, long completed, long p50Millis, String behaviour) {
        Histogram h = EndpointRecorder.newHistogram();
        h.recordValueWithCount(p50Millis * 1_000_000, completed);
        dev.infraperf.reports.model.PhaseResult model = dev.infraperf.reports.model.PhaseResult.builder(
                        name, PhaseSpec.closed(users, 1, Duration.ofSeconds(100), behaviour), Instant.now())
                .elapsed(Duration.ofSeconds(100))
                .counts(new RequestCounts(completed, completed, 0, 0, 0))
                .latency(LatencySummary.of(h, false), LatencySummary.of(h, false))
                .build();
        PhaseRun run = new PhaseRun(model, Map.of(), List.of(), Map.of(), List.of(), Duration.ZERO, 1);
        return new PhaseResult(run, model, dev.infraperf.reports.model.Level.CRITICAL);
    }

    @Test
    void the_bottleneck_is_where_throughput_stops_growing_with_users_while_latency_grows() {
        // the original's recorded throughput runs: about 5 req/s whatever the users, latency growing with them
        List<PhaseResult> phases = List.of(
                phase("throughput_baseline", 5, 316, 380, "ThroughputUser"),
                phase("throughput_medium", 20, 507, 2_900, "ThroughputUser"),
                phase("throughput_high", 50, 512, 8_700, "ThroughputUser"),
                phase("throughput_max", 100, 528, 18_000, "ThroughputUser"));

        var bottleneck = Bottlenecks.find(phases);

        assertThat(bottleneck).isPresent();
        assertThat(bottleneck.get().kind()).isEqualTo("fixed-capacity");
        assertThat(bottleneck.get().summary())
                .startsWith("Throughput stops growing with users after phase \"throughput_baseline\" (5 users, 3.16"
                        + " req/s): at 20 users it is 5.07 req/s while P50 latency grows from");
        assertThat(bottleneck.get().evidence()).hasSize(3);
    }

    @Test
    void no_bottleneck_while_throughput_keeps_up_with_users_or_behaviours_differ() {
        assertThat(Bottlenecks.find(List.of(
                        phase("a", 10, 1_000, 50, "U"),
                        phase("b", 20, 2_000, 55, "U"),
                        phase("c", 50, 4_900, 60, "U"))))
                .isEqualTo(Optional.empty());
        assertThat(Bottlenecks.find(List.of(phase("a", 10, 1_000, 50, "U"), phase("b", 30, 1_000, 500, "V"))))
                .isEmpty();
    }

    @Test
    void a_phase_model_is_closed_or_open() {
        assertThat(phase("a", 1, 1, 1, "U").model().spec().model()).isEqualTo(LoadModel.CLOSED);
    }

    /** A phase of {@code issued} requests, {@code succeeded} of them successful, in four full 1 s intervals. */
    private static PhaseRun judgedRun(long issued, long succeeded, long allMillis, long successMillis) {
        Histogram all = EndpointRecorder.newHistogram();
        all.recordValueWithCount(allMillis * 1_000_000, issued);
        Histogram ok = EndpointRecorder.newHistogram();
        if (succeeded > 0) {
            ok.recordValueWithCount(successMillis * 1_000_000, succeeded);
        }
        var builder = dev.infraperf.reports.model.PhaseResult.builder(
                        "p", PhaseSpec.closed(10, 10, Duration.ofSeconds(4), "Hammer"), Instant.now())
                .elapsed(Duration.ofSeconds(4))
                .counts(new RequestCounts(issued, succeeded, issued - succeeded, 0, 0))
                .latency(LatencySummary.of(all, false), LatencySummary.of(all, false));
        for (int i = 0; i < 4; i++) {
            builder.interval(IntervalStats.of(
                    Duration.ofSeconds(i),
                    Duration.ofSeconds(1),
                    10,
                    issued / 4,
                    (issued - succeeded) / 4,
                    LatencySummary.empty(false)));
        }
        return new PhaseRun(
                builder.build(),
                Map.of(),
                List.of(),
                Map.of(),
                List.of(),
                Duration.ZERO,
                1,
                LatencySummary.of(ok, false));
    }

    private static dev.infraperf.reports.model.Verdict verdict(
            dev.infraperf.reports.model.PhaseResult phase, String metric) {
        return phase.verdicts().stream()
                .filter(v -> v.metric().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void latency_verdicts_judge_the_successful_requests() {
        // fast failures (1 ms) hide slow successes (700 ms): the verdict is on the successes
        var phase = Judge.judge(judgedRun(1_000, 995, 1, 700), ThresholdSpec.DEFAULT);

        var p50 = verdict(phase, "P50 latency");
        assertThat(p50.level()).isEqualTo(dev.infraperf.reports.model.Level.CRITICAL);
        assertThat(p50.value()).isCloseTo(700, org.assertj.core.data.Offset.offset(1.0));
        assertThat(p50.rule()).contains("of 995 successful of 1000, raw");
        assertThat(phase.breaches())
                .anySatisfy(b -> assertThat(b.actual()).isEqualTo("700 ms (of the 995 successful of 1000 requests)"));
    }

    @Test
    void no_successful_request_leaves_latency_not_judged() {
        // every connection refused: fast failures are no latency figure
        var phase = Judge.judge(judgedRun(400, 0, 1, 0), ThresholdSpec.DEFAULT);

        var p50 = verdict(phase, "P50 latency");
        assertThat(p50.level()).isEqualTo(dev.infraperf.reports.model.Level.NOT_JUDGED);
        assertThat(p50.display()).isEqualTo("Not judged: no successful request");
        assertThat(verdict(phase, "Success rate").level()).isEqualTo(dev.infraperf.reports.model.Level.CRITICAL);
        assertThat(phase.breaches()).extracting(b -> b.metric()).containsExactly("Success rate");
    }

    @Test
    void a_critical_success_rate_keeps_every_derived_figure_from_reading_good() {
        // 30 % succeed, fast and at a steady rate: neither latency nor throughput may read Good
        var phase = Judge.judge(judgedRun(1_000, 300, 1, 1), ThresholdSpec.DEFAULT);

        for (String metric : List.of("P50 latency", "P99 latency", "Throughput")) {
            var v = verdict(phase, metric);
            assertThat(v.level()).as(metric).isEqualTo(dev.infraperf.reports.model.Level.NOT_JUDGED);
            assertThat(v.detail()).as(metric).startsWith("Not judged: success rate Critical (30.00%)");
        }
        assertThat(phase.worstLevel()).isEqualTo(dev.infraperf.reports.model.Level.CRITICAL);
    }

    @Test
    void a_throughput_with_too_few_intervals_is_not_judged_and_not_good() {
        Judge.TrendResult trend = Judge.trend(rates(5, 50), Duration.ZERO);
        assertThat(trend.trend().level).isEqualTo(dev.infraperf.reports.model.Level.NOT_JUDGED);

        var model = Judge.judge(judgedRun(1_000, 1_000, 1, 1), ThresholdSpec.DEFAULT);
        var withTwoIntervals = model.withJudgement(
                List.of(new dev.infraperf.reports.model.Verdict(
                        "Throughput", 27.5, "req/s", trend.trend().level, "", "Not judged (" + trend.detail() + ")")),
                List.of());
        String table = VerdictTable.render(
                List.of(new PhaseResult(
                        judgedRun(1_000, 1_000, 1, 1), withTwoIntervals, dev.infraperf.reports.model.Level.CRITICAL)),
                Optional.empty(),
                1);
        assertThat(table).contains("Not judged").doesNotContain("Good");
    }
}

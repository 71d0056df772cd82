package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.Level;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import dev.infraperf.reports.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The verdict row on the open model's schedule error. */
class ScheduleErrorVerdictTest {

    private static List<Verdict> judge(long scheduleErrorMicros, boolean open) {
        Histogram latency = EndpointRecorder.newHistogram();
        latency.recordValueWithCount(2_000_000, 1_000);
        Histogram error = EndpointRecorder.newHistogram();
        error.recordValueWithCount(scheduleErrorMicros * 1_000, 1_000);
        PhaseSpec spec = open
                ? PhaseSpec.open(100, Duration.ofSeconds(10), "U")
                : PhaseSpec.closed(10, 10, Duration.ofSeconds(10), "U");
        var builder = dev.infraperf.reports.model.PhaseResult.builder("p", spec, Instant.EPOCH)
                .elapsed(Duration.ofSeconds(10))
                .counts(new RequestCounts(1_000, 1_000, 0, 0, 0))
                .latency(LatencySummary.of(latency, false), LatencySummary.of(latency, true));
        if (open) {
            builder.scheduleError(LatencySummary.of(error, false));
        }
        PhaseRun run = new PhaseRun(builder.build(), Map.of(), List.of(), Map.of(), List.of(), Duration.ZERO, 1);
        return Judge.judge(run, ThresholdSpec.DEFAULT).verdicts();
    }

    private static Verdict row(List<Verdict> verdicts) {
        return verdicts.stream()
                .filter(v -> v.metric().equals("Schedule error"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @DisplayName("a schedule error p99 above 1 ms is a Warning: load generator saturated")
    void a_late_generator_is_a_warning() {
        Verdict v = row(judge(5_000, true));
        assertThat(v.level()).isEqualTo(Level.WARNING);
        assertThat(v.detail()).startsWith("load generator saturated");
    }

    @Test
    @DisplayName("the warning stays a Warning however good the rest of the phase is, and never fails by default")
    void the_warning_is_not_good_washed() {
        var judged = judge(5_000, true);
        assertThat(judged).filteredOn(v -> !v.metric().equals("Schedule error")).allSatisfy(v -> assertThat(v.level())
                .isIn(Level.GOOD, Level.NOT_JUDGED));
        assertThat(row(judged).level()).isEqualTo(Level.WARNING);
        assertThat(Level.WARNING.isAtLeast(ThresholdSpec.DEFAULT.failOn())).isFalse();
    }

    @Test
    @DisplayName("a punctual generator reads Good; a closed phase has no schedule-error row")
    void punctual_and_closed() {
        assertThat(row(judge(200, true)).level()).isEqualTo(Level.GOOD);
        assertThat(judge(5_000, false)).noneSatisfy(v -> assertThat(v.metric()).isEqualTo("Schedule error"));
    }
}

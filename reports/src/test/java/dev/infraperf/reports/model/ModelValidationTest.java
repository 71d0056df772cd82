package dev.infraperf.reports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("result model")
class ModelValidationTest {
    @Test
    void request_counts_must_account_for_every_request_issued() {
        assertThatThrownBy(() -> new RequestCounts(10, 5, 2, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RequestCounts: issued (10) must equal succeeded + failed + timedOut + dropped"
                        + " (5 + 2 + 1 + 0 = 8)");
        RequestCounts c = new RequestCounts(10, 7, 2, 1, 0);
        assertThat(c.successPercent()).isEqualTo(70.0);
        assertThat(c.unsuccessful()).isEqualTo(3);
        assertThat(RequestCounts.none().successPercent()).isZero();
    }

    @Test
    void latency_summary_from_a_histogram_keeps_nanoseconds_and_a_spectrum() {
        Histogram h = new Histogram(60_000_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1_000_000L);
        }
        LatencySummary s = LatencySummary.of(h, true);
        assertThat(s.count()).isEqualTo(1000);
        assertThat(LatencySummary.millis(s.p50Nanos())).isBetween(499.0, 501.0);
        assertThat(LatencySummary.millis(s.p99Nanos())).isBetween(989.0, 991.0);
        assertThat(s.significantDigits()).isEqualTo(3);
        assertThat(s.spectrum()).isNotEmpty();
        assertThat(s.spectrum().get(s.spectrum().size() - 1).percentile()).isEqualTo(100.0);
        assertThat(LatencySummary.of(new Histogram(3), false)).isEqualTo(LatencySummary.empty(false));
    }

    @Test
    void latency_summary_rejects_descending_percentiles_naming_both() {
        assertThatThrownBy(() -> new LatencySummary(1, 5, 10, 5, 0, 5, 5, 5, 5, 5, 5, 5, 4, 5, 5, List.of(), 3, false))
                .hasMessage("LatencySummary.p99Nanos (4 ns) must be >= p98Nanos (5 ns): percentiles ascend");
    }

    @Test
    void run_ids_are_directory_names_and_phase_names_are_unique() {
        assertThatThrownBy(() -> RunResult.builder("../etc", "T", Instant.EPOCH).build())
                .hasMessageContaining("RunResult.runId is a directory name")
                .hasMessageContaining("found [../etc]");
        PhaseResult p = PhaseResult.builder("p", PhaseSpec.closed(1, 1, Duration.ofSeconds(1), ""), Instant.EPOCH)
                .build();
        assertThatThrownBy(() -> RunResult.builder("r", "T", Instant.EPOCH)
                        .phase(p)
                        .phase(p)
                        .build())
                .hasMessage("RunResult.phases must have unique names (they name files), found [p] twice");
        assertThat(RunResult.newRunId("com.example.My Test", Instant.parse("2026-11-22T18:30:12Z")))
                .isEqualTo("20261122-183012-com.example.My_Test");
    }

    @Test
    void history_row_of_a_formae_run_uses_the_apply_counts() {
        CommandOutcome apply = new CommandOutcome(
                "apply",
                "c1",
                "Success",
                java.util.Map.of("Success", 747L, "Failed", 3L),
                Duration.ofMinutes(5),
                List.of(),
                List.of());
        RunResult run = RunResult.builder("r", "Apply750", Instant.EPOCH)
                .elapsed(Duration.ofMinutes(5))
                .cycle(new CycleResult("c", 750, Instant.EPOCH, List.of(apply), ""))
                .notes("BatchGetKSUIDsByTriplets fix validated")
                .build();
        HistoryRow row = run.toHistoryRow();
        assertThat(row.count()).isEqualTo(750);
        assertThat(row.countUnit()).isEqualTo("resources");
        assertThat(row.successPercent()).isEqualTo(99.6);
        assertThat(row.failedPercent()).isEqualTo(0.4);
        assertThat(row.p99Nanos()).isEmpty();
    }

    @Test
    void run_ids_keep_whole_words_and_stay_distinct_when_shortened() {
        String longName =
                "apply_then_destroy_leaves_no_managed_resource_in_inventory_and_cloud_FormaeSession_CloudAudit";
        String safe = RunResult.safeName(longName);

        assertThat(safe).hasSizeLessThanOrEqualTo(RunResult.MAX_NAME).matches("[A-Za-z0-9._-]+--[0-9a-f]{8}");
        assertThat(longName).startsWith(safe.substring(0, safe.indexOf("--")) + "_");
        // a shortened name is still a valid run id (a '~' once made every long Formae regression-check name fail)
        String id = RunResult.newRunId("FormaeRegressionChecksScenarioTest-" + longName, Instant.EPOCH);
        assertThat(RunResult.builder(id, "t", Instant.EPOCH).build().runId()).isEqualTo(id);
        assertThat(RunResult.safeName(longName + "2")).isNotEqualTo(safe);
        assertThat(RunResult.safeName("test(LoadResult)")).isEqualTo("test_LoadResult");
        assertThat(RunResult.newRunId("ThroughputScenario", Instant.parse("2026-11-22T18:30:12Z")))
                .isEqualTo("20261122-183012-ThroughputScenario");
    }
}

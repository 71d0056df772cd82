package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The target stalls once for 2 s during a 20 s run. The open model keeps starting requests on schedule and measures
 * them from their intended start, so the stall shows in its P99; a closed model without pacing simply stops asking
 * while it waits, and its percentiles hide the stall.
 */
class CoordinatedOmissionTest {

    @Test
    void an_open_model_run_reports_a_one_off_stall_in_its_corrected_p99() throws Exception {
        try (StubServer stub = new StubServer()) {
            stub.stallOnce(8_000, 2_000);
            PhasePlan plan = PhasePlan.open("open-100", 100, Duration.ofSeconds(20), TestUsers.Hammer.class);
            PhaseRun run = new PhaseRunner(plan, stub.uri(), TlsTrust.defaults(), null, "co/open").run();
            PhaseResult phase =
                    new PhaseResult(run, Judge.judge(run, ThresholdSpec.DEFAULT), ThresholdSpec.DEFAULT.failOn());

            System.out.println("open model, 100/s, one 2 s stall: " + phase + "; raw p99 "
                    + Duration.ofNanos(phase.raw().p99Nanos()));
            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.issued()).isEqualTo(2_000);
            assertThat(phase.dropped()).isLessThan(20);
            assertThat(phase.corrected().correctedForCoordinatedOmission()).isTrue();
            assertThat(phase).p99().isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void a_closed_model_run_without_correction_hides_the_same_stall() throws Exception {
        try (StubServer stub = new StubServer()) {
            stub.stallOnce(8_000, 2_000);
            PhasePlan plan = PhasePlan.closed("closed-10", 10, 100, Duration.ofSeconds(20), TestUsers.Steady.class);
            PhaseRun run = new PhaseRunner(plan, stub.uri(), TlsTrust.defaults(), null, "co/closed").run();
            PhaseResult phase =
                    new PhaseResult(run, Judge.judge(run, ThresholdSpec.DEFAULT), ThresholdSpec.DEFAULT.failOn());

            System.out.println("closed model, 10 users, one 2 s stall: " + phase + "; max " + phase.max());
            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.corrected().correctedForCoordinatedOmission()).isFalse();
            // the stall is there (the max shows it) but at most one request per user saw it
            assertThat(phase.max()).isGreaterThan(Duration.ofMillis(1_000));
            assertThat(phase).p99().isLessThan(Duration.ofSeconds(1));
        }
    }
}

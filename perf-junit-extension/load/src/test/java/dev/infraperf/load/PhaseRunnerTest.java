package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.reports.model.FailureKind;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PhaseRunnerTest {

    private static PhaseResult run(PhasePlan plan, URI target) {
        PhaseRun run = new PhaseRunner(plan, target, TlsTrust.defaults(), null, "test/" + plan.name()).run();
        return new PhaseResult(run, Judge.judge(run, ThresholdSpec.DEFAULT), ThresholdSpec.DEFAULT.failOn());
    }

    @Test
    void every_request_is_accounted_for_when_the_target_fails_a_third_of_them() throws Exception {
        try (StubServer stub = new StubServer()) {
            stub.failureShare = 0.3;
            PhaseResult phase =
                    run(PhasePlan.closed("failing", 8, 100, Duration.ofSeconds(2), TestUsers.Hammer.class), stub.uri());

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.issued()).isGreaterThan(200);
            assertThat((double) phase.failed() / phase.issued()).isBetween(0.2, 0.4);
            assertThat(phase.failuresPerClass()).containsEntry("status", phase.failed());
            assertThat(phase.failures())
                    .anySatisfy(f -> assertThat(f.message()).startsWith("status: HTTP 500: {\"error\":\"injected\"}"));
            // requests cancelled at the end of the phase are the only timeouts
            assertThat(phase.timedOut()).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void a_refused_connection_is_a_connection_failure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PhaseResult phase = run(
                PhasePlan.closed("refused", 2, 100, Duration.ofMillis(500), TestUsers.Steady.class),
                URI.create("http://127.0.0.1:" + port));

        assertThat(phase).hasBalancedAccounting();
        assertThat(phase.issued()).isPositive();
        assertThat(phase.failuresPerClass().get("connection"))
                .isEqualTo(phase.failed())
                .isPositive();
        assertThat(phase.failures()).allSatisfy(f -> assertThat(f.message()).startsWith("connection: "));
    }

    @Test
    void a_check_that_does_not_hold_is_a_validation_failure() throws Exception {
        try (StubServer stub = new StubServer()) {
            PhaseResult phase =
                    run(PhasePlan.closed("picky", 2, 100, Duration.ofMillis(600), TestUsers.Picky.class), stub.uri());

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.failuresPerClass().get("validation"))
                    .isEqualTo(phase.failed())
                    .isPositive();
            assertThat(phase.failures().get(0).message())
                    .startsWith("validation: check failed: body says ok:false; body {\"ok\":true}");
        }
    }

    @Test
    void the_phase_ends_within_one_second_of_its_duration_when_the_target_hangs() throws Exception {
        try (StubServer stub = new StubServer()) {
            stub.hang = true;
            long start = System.nanoTime();
            PhaseResult phase =
                    run(PhasePlan.closed("hanging", 5, 100, Duration.ofSeconds(2), TestUsers.Hammer.class), stub.uri());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(3));
            assertThat(phase.elapsed()).isLessThan(Duration.ofSeconds(3));
            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.issued()).isEqualTo(5);
            assertThat(phase.timedOut()).isEqualTo(5);
            assertThat(phase.failures()).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.TIMED_OUT);
                assertThat(f.message()).isEqualTo("timeout: cancelled in flight when the phase ended");
            });
        }
    }

    @Test
    void requests_in_flight_at_the_end_of_a_slow_target_get_time_to_complete() throws Exception {
        try (StubServer stub = new StubServer()) {
            // 900 ms per request: each user's third request, sent at 1.8 s, answers 0.7 s after the 2 s end, past a
            // fixed half second; twice the slowest p99 (1.8 s) covers it
            stub.delayMillis = 900;
            long start = System.nanoTime();
            PhaseRun run = new PhaseRunner(
                            PhasePlan.closed("slow-end", 6, 100, Duration.ofSeconds(2), TestUsers.Hammer.class),
                            stub.uri(),
                            TlsTrust.defaults(),
                            null,
                            "test/slow-end")
                    .run();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            PhaseResult phase =
                    new PhaseResult(run, Judge.judge(run, ThresholdSpec.DEFAULT), ThresholdSpec.DEFAULT.failOn());

            assertThat(phase).hasBalancedAccounting();
            // 18 on time; a user whose third request starts past the end sends two
            assertThat(phase.issued()).isBetween(12L, 18L);
            assertThat(phase.succeeded()).isEqualTo(phase.issued());
            assertThat(phase.timedOut()).isZero();
            assertThat(run.notes()).noneMatch(n -> n.contains("still in flight"));
            // the grace ends when the last request is in, not at its bound
            assertThat(took).isLessThan(Duration.ofMillis(2_000 + 1_800 + 300 + 500));
        }
    }

    @Test
    void a_request_cut_off_after_the_grace_is_a_timeout_with_a_note() throws Exception {
        try (StubServer stub = new StubServer()) {
            // the first second's requests answer in 100 ms (grace 0.5 s), the last ones hang
            stub.delayMillis = 100;
            PhasePlan plan = PhasePlan.closed("cut-off", 3, 100, Duration.ofMillis(1_500), TestUsers.Hammer.class);
            Thread hang = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1_200);
                    stub.hang = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            PhaseRun run = new PhaseRunner(plan, stub.uri(), TlsTrust.defaults(), null, "test/cut-off").run();
            hang.join();
            PhaseResult phase =
                    new PhaseResult(run, Judge.judge(run, ThresholdSpec.DEFAULT), ThresholdSpec.DEFAULT.failOn());

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.timedOut()).isEqualTo(3);
            assertThat(run.notes())
                    .anySatisfy(n -> assertThat(n).startsWith("3 request(s) still in flight 500 ms after the phase"));
        }
    }

    @Test
    void a_request_without_an_answer_within_the_request_timeout_times_out() throws Exception {
        try (StubServer stub = new StubServer()) {
            stub.delayMillis = 1_000;
            PhaseResult phase = run(
                    PhasePlan.closed("slow", 2, 100, Duration.ofMillis(1_500), TestUsers.Hammer.class)
                            .withRequestTimeout(Duration.ofMillis(200)),
                    stub.uri());

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.succeeded()).isZero();
            assertThat(phase.timedOut()).isEqualTo(phase.issued()).isGreaterThanOrEqualTo(10);
            assertThat(phase.failures())
                    .anySatisfy(f -> assertThat(f.message()).isEqualTo("timeout: no complete answer within 200ms"));
        }
    }

    @Test
    void the_open_model_starts_tasks_at_the_target_rate() throws Exception {
        try (StubServer stub = new StubServer()) {
            PhaseResult phase =
                    run(PhasePlan.open("open", 100, Duration.ofSeconds(2), TestUsers.Hammer.class), stub.uri());

            assertThat(phase).hasBalancedAccounting();
            // every arrival due in the 2 s is issued; on an overloaded machine a few may start too late (dropped)
            assertThat(phase.issued()).isEqualTo(200);
            assertThat(phase.dropped()).isLessThanOrEqualTo(10);
            assertThat(phase.corrected().correctedForCoordinatedOmission()).isTrue();
        }
    }

    @Test
    void the_open_model_drops_arrivals_beyond_the_tasks_in_flight_limit_and_counts_them() throws Exception {
        try (StubServer stub = new StubServer()) {
            stub.hang = true;
            PhaseResult phase = run(
                    PhasePlan.open("dropping", 50, Duration.ofSeconds(1), TestUsers.Hammer.class)
                            .withMaxInFlight(5),
                    stub.uri());

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.issued()).isBetween(48L, 50L);
            assertThat(phase.timedOut()).isEqualTo(5);
            assertThat(phase.dropped()).isEqualTo(phase.issued() - 5);
            assertThat(phase.successRate()).isZero();
        }
    }

    @Test
    void the_jdk_client_is_a_working_alternative() throws Exception {
        try (StubServer stub = new StubServer()) {
            PhaseResult phase = run(
                    PhasePlan.closed("jdk", 4, 100, Duration.ofSeconds(1), TestUsers.Hammer.class)
                            .withClient(PhasePlan.ClientKind.JDK),
                    stub.uri());

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.succeeded()).isGreaterThan(100);
        }
    }

    @Test
    void tasks_are_picked_in_proportion_to_their_weights() throws Exception {
        try (StubServer stub = new StubServer()) {
            PhaseResult phase = run(
                    PhasePlan.closed("weights", 4, 100, Duration.ofSeconds(2), TestUsers.Weighted.class), stub.uri());

            double total = phase.issued();
            assertThat(total).isGreaterThan(1_000);
            assertThat(phase.issued("/a") / total).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.04));
            assertThat(phase.issued("/b") / total).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.04));
            assertThat(phase.issued("/c") / total).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.03));
        }
    }

    @Test
    void interval_rows_cover_the_phase_once_per_second() throws Exception {
        try (StubServer stub = new StubServer()) {
            PhaseResult phase = run(
                    PhasePlan.closed("intervals", 2, 100, Duration.ofMillis(3_500), TestUsers.Steady.class),
                    stub.uri());

            assertThat(phase.intervals()).hasSizeBetween(2, 5);
            assertThat(phase.intervals().get(0).offset()).isZero();
            // contiguous rows of their real length, the last one ending with the phase (a sampler may wake a little
            // early or late, so the length itself is not asserted beyond being positive)
            for (int i = 0; i + 1 < phase.intervals().size(); i++) {
                var row = phase.intervals().get(i);
                assertThat(phase.intervals().get(i + 1).offset())
                        .isEqualTo(row.offset().plus(row.length()));
                assertThat(row.length()).isPositive();
            }
            var last = phase.intervals().get(phase.intervals().size() - 1);
            assertThat(last.offset().plus(last.length())).isEqualTo(phase.elapsed());
            long completed =
                    phase.intervals().stream().mapToLong(i -> i.requests()).sum();
            assertThat(completed).isEqualTo(phase.succeeded() + phase.failed() + phase.timedOut());
            assertThat(phase.model().histograms()).hasSize(2 * phase.intervals().size());
        }
    }

    @Test
    void progress_lines_label_their_figures_stop_at_the_duration_and_end_with_the_phase() throws Exception {
        try (StubServer stub = new StubServer()) {
            java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            PhaseRun run = new PhaseRunner(
                            PhasePlan.closed("progress", 2, 100, Duration.ofSeconds(2), TestUsers.Steady.class),
                            stub.uri(),
                            TlsTrust.defaults(),
                            lines::add,
                            "test/progress")
                    .run();
            int printed = lines.size();

            // one line per full interval inside the phase; the rest of the phase (its stop) is recorded, not printed
            assertThat(lines).isNotEmpty().hasSize(run.result().intervals().size() - 1);
            assertThat(lines).allSatisfy(l -> assertThat(l)
                    .matches("\\[test/progress\\] 00:0[12]/00:02  users \\d/2  \\| last \\d+\\.\\ds: \\d+\\.\\d"
                            + " req/s, p50 .+ ms, p99 .+ ms, \\d+ errors  \\| total: \\d+ requests, \\d+ errors"
                            + " \\(\\d+\\.\\d%\\)"));
            Thread.sleep(1_200);
            assertThat(lines).hasSize(printed);
        }
    }

    @Test
    void a_ramping_open_model_schedules_arrivals_on_the_linear_rate() {
        PhasePlan plan = PhasePlan.open("ramp", 10, Duration.ofSeconds(10), TestUsers.Hammer.class)
                .withRampTo(30);

        // the rate goes from 10/s to 30/s: 200 arrivals in 10 s, the first 10 s worth of 10/s come slower than the rest
        assertThat(plan.arrivalOffsetNanos(0)).isZero();
        assertThat(plan.arrivalOffsetNanos(200) / 1e9).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(plan.arrivalOffsetNanos(1) / 1e9).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.002));
        double lastGap = (plan.arrivalOffsetNanos(200) - plan.arrivalOffsetNanos(199)) / 1e9;
        assertThat(lastGap).isCloseTo(1.0 / 30, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void paced_wait_times_subtract_the_time_the_task_took() {
        WaitTime pacing = WaitTime.constantPacing(Duration.ofSeconds(1));
        assertThat(pacing.waitNanos(0, 300_000_000L)).isEqualTo(700_000_000L);
        assertThat(pacing.waitNanos(0, 1_500_000_000L)).isZero();
        assertThat(pacing.pacingNanos()).isEqualTo(1_000_000_000L);
        assertThat(WaitTime.constantThroughput(4).waitNanos(0, 50_000_000L)).isEqualTo(200_000_000L);
        assertThat(WaitTime.between(Duration.ofMillis(500), Duration.ofSeconds(2))
                        .waitNanos(0, 0))
                .isBetween(500_000_000L, 2_000_000_000L);
        assertThat(WaitTime.constant(Duration.ofMillis(20)).pacingNanos()).isZero();
    }

    @Test
    void the_end_of_a_phase_fails_no_request_of_a_healthy_target() throws Exception {
        // stop() wakes the users that are not sending; a user between its stop check and its send must not be woken
        // into its own request (an interrupted socket channel closes: a "connection" failure the target never caused)
        try (StubServer stub = new StubServer()) {
            for (int i = 0; i < 40; i++) {
                PhaseResult phase = run(
                        PhasePlan.closed("end-" + i, 32, 10_000, Duration.ofMillis(150), TestUsers.Hammer.class),
                        stub.uri());
                assertThat(phase).hasBalancedAccounting();
                assertThat(phase.failuresPerClass())
                        .as("phase %d: %s", i, phase.failures())
                        .containsEntry("connection", 0L)
                        .containsEntry("status", 0L);
            }
        }
    }
}

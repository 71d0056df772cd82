package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.reports.model.IntervalStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The interval sampler on a clock the test moves: no wall clock, no sleeps. */
class SamplerTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long START = 1_000 * S;

    private final PhasePlan plan = PhasePlan.closed("sampled", 4, 100, Duration.ofSeconds(3), TestUsers.Steady.class);
    private final PhaseRecorder recorder = new PhaseRecorder();
    private final PhaseState state = new PhaseState(plan.name(), START, S, recorder, 1.0);
    private final List<String> lines = new ArrayList<>();
    private long now = START;
    private final PhaseRunner.Sampler sampler =
            new PhaseRunner.Sampler(plan, state, START, START + 3 * S, () -> now, lines::add, "test/sampled");

    private void complete(int requests) {
        EndpointRecorder ep = recorder.endpoint("/get", "GET");
        for (int i = 0; i < requests; i++) {
            ep.begin();
            ep.complete(now - 1_000_000, now, 0, 0, Outcome.SUCCESS, 2);
        }
    }

    @Test
    @DisplayName("an interval is due once a second, and nothing is taken before it")
    void intervals_are_due_every_second() {
        assertThat(sampler.sampleDue(START + S / 2)).isEqualTo(START + S);
        assertThat(sampler.intervals).isEmpty();

        now = START + S;
        complete(10);
        assertThat(sampler.sampleDue(now)).isEqualTo(START + 2 * S);
        assertThat(sampler.intervals).hasSize(1);
        assertThat(sampler.intervals.get(0).requests()).isEqualTo(10);
        assertThat(sampler.intervals.get(0).requestsPerSecond()).isEqualTo(10.0);
    }

    @Test
    @DisplayName("a late sampler's interval has its real length and its rate is computed over it")
    void a_late_interval_is_longer_not_a_spike() {
        now = START + S + S / 2; // the sampler woke 0.5 s late
        complete(30);
        long next = sampler.sampleDue(now);

        IntervalStats row = sampler.intervals.get(0);
        assertThat(row.length()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(row.requestsPerSecond()).isEqualTo(20.0);
        // the interval it overslept is not taken a second time
        assertThat(next).isEqualTo(START + 2 * S);
        assertThat(sampler.sampleDue(now)).isEqualTo(START + 2 * S);
        assertThat(sampler.intervals).hasSize(1);
        assertThat(lines).hasSize(1).allSatisfy(l -> assertThat(l).contains("last 1.5s: 20.0 req/s"));
    }

    @Test
    @DisplayName("no progress line after the phase's end: the rest is recorded by finish, unprinted")
    void no_line_after_the_end() {
        for (int second = 1; second <= 3; second++) {
            now = START + second * S;
            complete(5);
            sampler.sampleDue(now);
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("[test/sampled] 00:03/00:03");

        now = START + 3 * S + S / 3;
        assertThat(sampler.sampleDue(now)).isEqualTo(Long.MAX_VALUE);
        now = START + 5 * S; // well past the end: still nothing due
        assertThat(sampler.sampleDue(now)).isEqualTo(Long.MAX_VALUE);
        complete(4); // completions during the stop
        sampler.finish(null, START + 3 * S + S / 2);

        assertThat(lines).hasSize(3);
        assertThat(sampler.intervals).hasSize(4);
        IntervalStats last = sampler.intervals.get(3);
        assertThat(last.offset()).isEqualTo(Duration.ofSeconds(3));
        assertThat(last.length()).isEqualTo(Duration.ofMillis(500));
        assertThat(last.requests()).isEqualTo(4);
        assertThat(last.requestsPerSecond()).isEqualTo(8.0);
        // contiguous rows covering the phase once
        for (int i = 0; i + 1 < sampler.intervals.size(); i++) {
            IntervalStats row = sampler.intervals.get(i);
            assertThat(sampler.intervals.get(i + 1).offset())
                    .isEqualTo(row.offset().plus(row.length()));
        }
    }

    private void completeTaking(long serviceNanos, int requests) {
        EndpointRecorder ep = recorder.endpoint("/get", "GET");
        for (int i = 0; i < requests; i++) {
            ep.begin();
            ep.complete(now - serviceNanos, now, 0, 0, Outcome.SUCCESS, 2);
        }
    }

    @Test
    @DisplayName("the stop grace is twice the slowest interval's p99 of service time, within 0.5 s and 5 s")
    void the_stop_grace_follows_the_slowest_p99() {
        Duration timeout = Duration.ofSeconds(60);
        assertThat(sampler.stopGraceNanos(timeout)).as("nothing seen yet").isEqualTo(S / 2);

        now = START + S;
        completeTaking(100_000_000, 100); // 100 ms: twice is under the floor
        sampler.sampleDue(now);
        assertThat(sampler.stopGraceNanos(timeout)).isEqualTo(S / 2);

        now = START + 2 * S;
        completeTaking(800_000_000, 100); // 800 ms
        sampler.sampleDue(now);
        assertThat(sampler.stopGraceNanos(timeout)).isBetween(1_598_000_000L, 1_602_000_000L);

        now = START + 3 * S;
        completeTaking(10_000_000, 100); // a fast interval later does not shorten it: the slowest counts
        sampler.sampleDue(now);
        assertThat(sampler.stopGraceNanos(timeout)).isBetween(1_598_000_000L, 1_602_000_000L);
        assertThat(sampler.stopGraceNanos(Duration.ofSeconds(1)))
                .as("at most the request timeout")
                .isEqualTo(S);
        assertThat(sampler.stopGraceNanos(Duration.ofMillis(200)))
                .as("never under the floor")
                .isEqualTo(S / 2);
    }

    @Test
    @DisplayName("the stop grace is at most 5 s, however slow the target")
    void the_stop_grace_is_bounded() {
        now = START + S;
        completeTaking(4 * S, 10);
        sampler.sampleDue(now);
        assertThat(sampler.stopGraceNanos(Duration.ofSeconds(60))).isEqualTo(5 * S);
    }
}

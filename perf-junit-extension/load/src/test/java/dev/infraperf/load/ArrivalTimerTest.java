package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArrivalTimerTest {

    private final PhaseState state =
            new PhaseState("open", System.nanoTime(), 1_000_000_000L, new PhaseRecorder(), 1.0);

    @Test
    void the_spin_is_an_eighth_of_the_gap_and_at_most_the_cap() {
        assertThat(ArrivalTimer.spinNanos(TimeUnit.MILLISECONDS.toNanos(10))).isEqualTo(ArrivalTimer.MAX_SPIN_NANOS);
        assertThat(ArrivalTimer.spinNanos(80_000)).isEqualTo(10_000);
        assertThat(ArrivalTimer.spinNanos(0)).isZero();
        assertThat(ArrivalTimer.spinNanos(-5)).isZero();
    }

    @Test
    void it_never_returns_before_the_instant() {
        for (long spin : new long[] {0, 20_000, ArrivalTimer.MAX_SPIN_NANOS, TimeUnit.MILLISECONDS.toNanos(5)}) {
            for (int i = 0; i < 20; i++) {
                long instant = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(50 * i);
                assertThat(ArrivalTimer.awaitInstant(instant, spin, state)).isTrue();
                assertThat(System.nanoTime() - instant)
                        .as("spin %d ns, arrival %d", spin, i)
                        .isNotNegative();
            }
        }
    }

    @Test
    void an_instant_already_past_returns_at_once() {
        assertThat(ArrivalTimer.awaitInstant(System.nanoTime() - 1_000_000, 50_000, state))
                .isTrue();
    }

    @Test
    void the_stop_ends_the_wait_in_the_sleep_and_in_the_spin() throws Exception {
        long far = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean[] results = new boolean[2];
        // one waiter sleeps (spin 0), one spins the whole time (spin longer than the wait)
        Thread sleeper = Thread.ofPlatform().start(() -> results[0] = ArrivalTimer.awaitInstant(far, 0, state));
        Thread spinner = Thread.ofPlatform()
                .start(() -> results[1] = ArrivalTimer.awaitInstant(far, TimeUnit.SECONDS.toNanos(120), state));
        state.register(sleeper);
        state.register(spinner);
        state.stop(); // as in a phase: the flag, and an interrupt for the phase's threads that are not sending
        sleeper.join(TimeUnit.SECONDS.toMillis(30));
        spinner.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(spinner.isAlive()).isFalse();
        assertThat(results).containsExactly(false, false);
    }
}

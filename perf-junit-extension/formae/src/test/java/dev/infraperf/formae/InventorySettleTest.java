package dev.infraperf.formae;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The destroy that reads Success early (formae-conformance.md: 0.75.6 answered Success with resources still managed):
 * the session waits, bounded, for the managed inventory to empty. Time is a hand-moved clock.
 */
@DisplayName("After a destroy reads Success")
class InventorySettleTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();

    private void sleep(Duration d) {
        sleeps.add(d);
        now.addAndGet(d.toNanos());
    }

    @Test
    void the_wait_ends_as_soon_as_the_last_resource_left_the_inventory() {
        AtomicInteger managed = new AtomicInteger(3);
        int left = InventorySettle.await(
                managed::getAndDecrement, Duration.ofSeconds(20), Duration.ofMillis(250), now::get, this::sleep);

        assertThat(left).isZero();
        assertThat(sleeps).hasSize(3).containsOnly(Duration.ofMillis(250));
    }

    @Test
    void an_inventory_that_never_empties_is_waited_for_no_longer_than_the_limit_and_reported() {
        int left =
                InventorySettle.await(() -> 2, Duration.ofSeconds(20), Duration.ofMillis(250), now::get, this::sleep);

        assertThat(left).isEqualTo(2);
        assertThat(Duration.ofNanos(now.get())).isEqualTo(Duration.ofSeconds(20));
        assertThat(sleeps).hasSize(80);
    }

    @Test
    void an_empty_inventory_is_not_waited_for() {
        int left =
                InventorySettle.await(() -> 0, Duration.ofSeconds(20), Duration.ofMillis(250), now::get, this::sleep);

        assertThat(left).isZero();
        assertThat(sleeps).isEmpty();
    }
}

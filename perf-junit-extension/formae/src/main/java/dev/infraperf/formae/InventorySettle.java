package dev.infraperf.formae;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The bounded wait after a destroy that read Success: Formae 0.75.6 reports Success before its last resource has left
 * the managed inventory, so the count is polled until it is zero or the limit passes. Clock and sleep are injected.
 */
final class InventorySettle {

    private InventorySettle() {}

    /** Polls {@code managedCount} every {@code every} until it reads 0 or {@code limit} passed; the last count read. */
    static int await(
            IntSupplier managedCount, Duration limit, Duration every, LongSupplier nanos, Consumer<Duration> sleep) {
        long deadline = nanos.getAsLong() + limit.toNanos();
        int managed = managedCount.getAsInt();
        while (managed > 0 && nanos.getAsLong() - deadline < 0) {
            sleep.accept(every);
            managed = managedCount.getAsInt();
        }
        return managed;
    }
}

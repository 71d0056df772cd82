package dev.infraperf.load;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the request timeout of every open {@link SocketTransport} of this JVM from one platform thread, so the
 * transports' reads and writes block without a timeout of their own.
 *
 * <p>Why: a timed read of a virtual thread schedules a timer to unpark it and cancels it when the answer arrives, a
 * cross-thread hand-off per read (one futex wake-up per request more, measured with {@code bench/engine-syscalls.sh}).
 * One sweep every {@link #PERIOD_NANOS} over the open connections costs a volatile read per connection. A request whose
 * deadline passed has its socket closed by the sweep and fails as timed out, at most one period after its deadline;
 * writes are bounded the same way (a timed read never bounded a write to a target that stopped reading).
 */
final class DeadlineSweeper {

    /** How often the open connections are checked: the timeout's resolution. */
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final DeadlineSweeper INSTANCE = new DeadlineSweeper();

    private final Set<SocketTransport> open = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;

    private DeadlineSweeper() {}

    /** Watches {@code transport} until {@link #forget}; starts the sweeping thread on first use. */
    static void watch(SocketTransport transport) {
        INSTANCE.open.add(transport);
        INSTANCE.ensureRunning();
    }

    static void forget(SocketTransport transport) {
        INSTANCE.open.remove(transport);
    }

    /** Whether {@code transport} is watched now, for tests. */
    static boolean watches(SocketTransport transport) {
        return INSTANCE.open.contains(transport);
    }

    private void ensureRunning() {
        Thread t = thread;
        if (t != null) {
            // unconditionally: a sweeper that found the set empty just before this add is about to park untimed, and
            // the permit makes that park return (a state check here could miss it and leave the deadline unwatched)
            LockSupport.unpark(t);
            return;
        }
        synchronized (this) {
            if (thread == null) {
                thread = Thread.ofPlatform()
                        .daemon()
                        .name("infra-perf-request-deadlines")
                        .start(this::run);
            }
        }
    }

    private void run() {
        while (true) {
            if (open.isEmpty()) {
                LockSupport.park(this); // watch() wakes it
                continue;
            }
            long now = System.nanoTime();
            for (SocketTransport transport : open) {
                transport.expireIfPast(now);
            }
            LockSupport.parkNanos(this, PERIOD_NANOS);
        }
    }
}

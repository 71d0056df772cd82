// Closed model at scale for bench/users.sh: <users> virtual users, each pacing one GET /health every <pacing> seconds,
// started at <spawnRate>/s, for <seconds>. While it runs, a monitor samples this JVM's open file descriptors
// (/proc/self/fd) and, once every user is started and has paced once, the heap after a full GC (skipped with
// -Dbench.noHeap=true: its two full collections pause the phase, forced_gc_ms says how long, and the users they held up
// keep their bunched schedule every pacing period after). Prints one line per 1 s interval (users, req/s, p50, p99,
// max), then one users_result line with the figures.
// java -Xmx.. -cp <load module classpath> UsersBench.java <url> <users> <spawnRate> <seconds> <pacingSeconds>
import dev.infraperf.load.LoadEngine;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Task;
import dev.infraperf.load.VirtualUser;
import dev.infraperf.load.WaitTime;
import dev.infraperf.reports.model.IntervalStats;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class UsersBench {

    static volatile long pacingNanos = 10_000_000_000L;

    public static class PacedUser extends VirtualUser {
        public PacedUser() {}

        @Override
        protected WaitTime waitTime() {
            return WaitTime.constantPacing(Duration.ofNanos(pacingNanos));
        }

        @Task
        void health() {
            http().get("/health").send();
        }
    }

    /** Milliseconds the bench's own full collections paused the JVM (they fall inside the phase). */
    static volatile long forcedGcMillis;

    static long heapAfterGc() {
        long before = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        forcedGcMillis += (System.nanoTime() - before) / 1_000_000;
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static int openFds() {
        String[] names = new File("/proc/self/fd").list();
        return names == null ? -1 : names.length;
    }

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0]);
        int users = Integer.parseInt(args[1]);
        double spawnRate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        pacingNanos = (long) (Double.parseDouble(args[4]) * 1e9);
        // warm-up: JIT the request path, then measure the heap before any user exists
        LoadEngine.run(target, LoadEngine.Phase.closed("warm-up", 32, 1_000, Duration.ofSeconds(2), WarmUser.class));
        long baseHeap = heapAfterGc();
        int baseFds = openFds();

        AtomicInteger peakFds = new AtomicInteger();
        AtomicLong loadedHeap = new AtomicLong(-1);
        long spawnNanos = (long) (users / spawnRate * 1e9);
        long gcAt = Boolean.getBoolean("bench.noHeap")
                ? Long.MAX_VALUE
                : System.nanoTime() + spawnNanos + pacingNanos + 1_000_000_000L;
        Thread monitor = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakFds.accumulateAndGet(openFds(), Math::max);
                if (loadedHeap.get() < 0 && System.nanoTime() >= gcAt) {
                    loadedHeap.set(heapAfterGc());
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        PhaseResult result = LoadEngine.run(
                target,
                LoadEngine.Phase.closed("users", users, spawnRate, Duration.ofSeconds(seconds), PacedUser.class)
                        .requestTimeout(Duration.ofSeconds(10)));
        monitor.interrupt();
        monitor.join();

        // steady window: from the first interval with every user started plus one pacing period, to the last full one
        List<IntervalStats> rows = result.intervals();
        double spawnS = -1;
        for (IntervalStats row : rows) {
            if (row.users() >= users) {
                spawnS = (row.offset().toNanos() + row.length().toNanos()) / 1e9;
                break;
            }
        }
        long requests = 0;
        long windowNanos = 0;
        for (int i = 0; i + 1 < rows.size(); i++) {
            IntervalStats row = rows.get(i);
            if (spawnS >= 0 && row.offset().toNanos() / 1e9 >= spawnS + pacingNanos / 1e9) {
                requests += row.requests();
                windowNanos += row.length().toNanos();
            }
        }
        for (IntervalStats row : rows) {
            System.out.println(String.format(
                    Locale.ROOT,
                    "interval t=%.0fs users=%d rps=%.0f p50_ms=%.2f p99_ms=%.1f max_ms=%.1f",
                    row.offset().toNanos() / 1e9,
                    row.users(),
                    row.requestsPerSecond(),
                    row.latency().p50Nanos() / 1e6,
                    row.latency().p99Nanos() / 1e6,
                    row.latency().maxNanos() / 1e6));
        }
        double achieved = windowNanos == 0 ? 0 : requests / (windowNanos / 1e9);
        double targetRps = users / (pacingNanos / 1e9);
        long heap = loadedHeap.get();
        System.out.println("notes: " + String.join(" | ", result.notes()));
        System.out.println(result);
        System.out.println(String.format(
                Locale.ROOT,
                "users_result users=%d target_rps=%.0f achieved_rps=%.1f steady_window_s=%.1f bytes_per_user=%.0f"
                        + " heap_mb=%.1f base_heap_mb=%.1f spawn_s=%.1f peak_fds=%d base_fds=%d p50_ms=%.3f"
                        + " p99_ms=%.3f failed=%d timed_out=%d forced_gc_ms=%d",
                users,
                targetRps,
                achieved,
                windowNanos / 1e9,
                heap < 0 ? -1.0 : (double) (heap - baseHeap) / users,
                heap < 0 ? -1.0 : heap / 1048576.0,
                baseHeap / 1048576.0,
                spawnS,
                peakFds.get(),
                baseFds,
                result.p50().toNanos() / 1e6,
                result.p99().toNanos() / 1e6,
                result.failed(),
                result.timedOut(),
                forcedGcMillis));
    }

    public static class WarmUser extends VirtualUser {
        public WarmUser() {}

        @Task
        void health() {
            http().get("/health").send();
        }
    }
}

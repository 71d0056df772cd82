// Closed model at scale for bench/users.sh: <users> virtual users, each pacing one GET /health every <pacing> seconds,
// started at <spawnRate>/s, for <seconds>. While it runs, a monitor samples this JVM's open file descriptors
// (/proc/self/fd). The heap is measured in a second phase of the same users, spawn and pacing (skipped with
// -Dbench.noHeap=true): once every user of it is started and has paced once, the heap after two full collections
// (forced_gc_ms: how long they paused). A full collection pauses every user, and the users it held up keep that bunched
// schedule every pacing period after, so it is never inside the phase whose rate and latencies are reported.
// Prints one line per 1 s interval of the measured phase (users, req/s, p50, p99, max), then one users_result line.
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
        // warm-up: JIT the request path, then the paths of a spawn at this rate (starting users, waiting for one of the
        // pool's connections, pacing), so the measured phase does not pay their compilation: without it the C2
        // compiler took a quarter of this JVM's CPU time in the measured spawn's first seconds, and requests queued for
        // a connection up to 1.8 s
        LoadEngine.run(target, LoadEngine.Phase.closed("warm-up", 32, 1_000, Duration.ofSeconds(2), WarmUser.class));
        long measuredPacing = pacingNanos;
        int warmUsers = (int) Math.min(users, Math.max(1, spawnRate * 2));
        pacingNanos = 1_000_000_000L;
        Duration warmUp = Duration.ofMillis((long) (warmUsers / spawnRate * 1000) + 6_000);
        runPaced(target, "warm-up-spawn", warmUsers, spawnRate, warmUp);
        pacingNanos = measuredPacing;
        // the heap after GC right after the warm-up still held 51-100 MB of its ended users (likely their cancelled
        // pacing timers, up to 1 s each), 3 s later 18 MB: the heap before any user exists is measured after that
        Thread.sleep(3_000);
        long baseHeap = heapAfterGc();
        forcedGcMillis = 0; // before any user: what counts is the pause with every user running
        int baseFds = openFds();

        AtomicInteger peakFds = new AtomicInteger();
        long spawnNanos = (long) (users / spawnRate * 1e9);
        Thread fdMonitor = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakFds.accumulateAndGet(openFds(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        PhaseResult result = runPaced(target, "users", users, spawnRate, Duration.ofSeconds(seconds));
        fdMonitor.interrupt();
        fdMonitor.join();
        long heap = Boolean.getBoolean("bench.noHeap") ? -1 : loadedHeap(target, users, spawnRate, spawnNanos);

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

    /** A closed-model phase of PacedUser (pacing: {@link #pacingNanos} when each user starts), 10 s request timeout. */
    static PhaseResult runPaced(URI target, String name, int users, double spawnRate, Duration duration) {
        return LoadEngine.run(
                target,
                LoadEngine.Phase.closed(name, users, spawnRate, duration, PacedUser.class)
                        .requestTimeout(Duration.ofSeconds(10)));
    }

    /**
     * The heap after two full collections in a phase of its own, the same users, spawn and pacing as the measured one,
     * once every user is started and has paced once (the collections pause every user: outside the measured phase).
     */
    static long loadedHeap(URI target, int users, double spawnRate, long spawnNanos) throws InterruptedException {
        AtomicLong loadedHeap = new AtomicLong(-1);
        long settleNanos = spawnNanos + pacingNanos + 1_000_000_000L;
        long gcAt = System.nanoTime() + settleNanos;
        Thread monitor = Thread.ofPlatform().daemon().start(() -> {
            while (loadedHeap.get() < 0 && !Thread.currentThread().isInterrupted()) {
                if (System.nanoTime() >= gcAt) {
                    loadedHeap.set(heapAfterGc());
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long seconds = (settleNanos + 2_999_999_999L) / 1_000_000_000L + 2; // the collections plus 2 s of margin
        PhaseResult heapPhase = runPaced(target, "users-heap", users, spawnRate, Duration.ofSeconds(seconds));
        monitor.interrupt();
        monitor.join();
        System.out.println(String.format(
                Locale.ROOT,
                "heap phase: %d users, %.1f req/s over %d s, heap after GC %.1f MB",
                users,
                heapPhase.throughput(),
                seconds,
                loadedHeap.get() / 1048576.0));
        return loadedHeap.get();
    }

    public static class WarmUser extends VirtualUser {
        public WarmUser() {}

        @Task
        void health() {
            http().get("/health").send();
        }
    }
}

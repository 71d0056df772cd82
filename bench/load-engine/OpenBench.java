// Open model for bench/open-model.sh and bench/long-run.sh.
//   open <url> <rate> <seconds> [connections]: one open-model phase at a constant rate, after an open warm-up of
//       30 s (at 2,000/s or the rate if higher): the JIT compiles the arrival path before it is measured, as the
//       closed warm-up compiles the request path (without it the first 10 s at 500/s had a schedule-error p99 of
//       12 ms, the next 10 s 1.2 ms, the third 0.24 ms; after a warm-up of 25,000 arrivals at 5,000/s, 5 s, the JIT
//       still compiled ~700 methods in the next 10 s and four 10 s phases at 1,000/s in a row had p99s of 8.7, 5.5,
//       2.6 and 2.2 ms, 0.5 ms once past 35 s); prints open_result with dropped, late, schedule error p50/p99/max (us), corrected latency p50/p99 and
//       raw latency (from the actual send) p50/p99 (ms). connections: the pool size (default: the engine's)
//   closed1 <url> <seconds>: one user without wait on one connection (wrk -c1's shape); prints closed1_result p50/p99
//   long <url> <rate> <seconds>: the open phase, with heap after GC and process CPU per request in the first and the
//       last minute (or fifth) of the run; prints long_result
import dev.infraperf.load.LoadEngine;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Task;
import dev.infraperf.load.VirtualUser;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

public class OpenBench {

    public static class HealthUser extends VirtualUser {
        public HealthUser() {}

        @Task
        void health() {
            http().get("/health").send();
        }
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static final double WARM_UP_RATE = 2_000;
    static final long WARM_UP_SECONDS = 30;

    static LoadEngine.Phase withConnections(LoadEngine.Phase phase, int connections) {
        return connections > 0 ? phase.connections(connections) : phase;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI target = URI.create(args[1]);
        LoadEngine.run(target, LoadEngine.Phase.closed("warm-up", 8, 1_000, Duration.ofSeconds(2), HealthUser.class));
        switch (mode) {
            case "open" -> {
                double rate = Double.parseDouble(args[2]);
                int connections = args.length > 4 ? Integer.parseInt(args[4]) : 0;
                double warmRate = Math.max(rate, WARM_UP_RATE);
                Duration warmUp = Duration.ofSeconds(WARM_UP_SECONDS);
                LoadEngine.run(target, withConnections(
                        LoadEngine.Phase.open("open-warm-up", warmRate, warmUp, HealthUser.class), connections));
                PhaseResult r = LoadEngine.run(target, withConnections(
                        LoadEngine.Phase.open("open", rate, Duration.ofSeconds(Integer.parseInt(args[3])), HealthUser.class),
                        connections));
                LatencySummary e = r.model().scheduleError();
                long late = r.failures().stream()
                        .filter(f -> f.message().contains("scheduler could not start"))
                        .mapToLong(f -> f.occurrences())
                        .sum();
                System.out.println(r + "; " + String.join(" | ", r.notes()));
                System.out.println(String.format(
                        Locale.ROOT,
                        "open_result rate=%.0f issued=%d dropped=%d late=%d schedule_error_p50_us=%.1f"
                                + " schedule_error_p99_us=%.1f schedule_error_max_us=%.1f p50_ms=%.3f p99_ms=%.3f"
                                + " raw_p50_ms=%.3f raw_p99_ms=%.3f throughput=%.1f",
                        rate, r.issued(), r.dropped(), late,
                        e.p50Nanos() / 1e3, e.p99Nanos() / 1e3, e.maxNanos() / 1e3,
                        r.p50().toNanos() / 1e6, r.p99().toNanos() / 1e6,
                        r.raw().p50Nanos() / 1e6, r.raw().p99Nanos() / 1e6, r.throughput()));
            }
            case "closed1" -> {
                PhaseResult r = LoadEngine.run(
                        target,
                        LoadEngine.Phase.closed("closed1", 1, 1, Duration.ofSeconds(Integer.parseInt(args[2])), HealthUser.class));
                System.out.println(String.format(
                        Locale.ROOT,
                        "closed1_result rps=%.0f p50_ms=%.4f p99_ms=%.4f",
                        r.throughput(), r.raw().p50Nanos() / 1e6, r.raw().p99Nanos() / 1e6));
            }
            case "long" -> {
                double rate = Double.parseDouble(args[2]);
                int seconds = Integer.parseInt(args[3]);
                long window = Math.min(60, Math.max(5, seconds / 5)) * 1_000_000_000L;
                long start = System.nanoTime();
                // [heap start, heap end, cpu at window 1 start, end, cpu at last window start, end]
                AtomicLongArray m = new AtomicLongArray(6);
                Thread monitor = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(2_000);
                        m.set(0, heapAfterGc());
                        long t1 = System.nanoTime();
                        m.set(2, cpuNanos());
                        Thread.sleep(window / 1_000_000);
                        m.set(3, cpuNanos());
                        long lastStart = start + seconds * 1_000_000_000L - window - 2_000_000_000L;
                        Thread.sleep(Math.max(0, (lastStart - System.nanoTime()) / 1_000_000));
                        m.set(4, cpuNanos());
                        Thread.sleep(window / 1_000_000);
                        m.set(5, cpuNanos());
                        m.set(1, heapAfterGc());
                    } catch (InterruptedException e) {
                        // the phase ended
                    }
                });
                PhaseResult r = LoadEngine.run(
                        target, LoadEngine.Phase.open("long", rate, Duration.ofSeconds(seconds), HealthUser.class));
                monitor.join(5_000);
                double windowS = window / 1e9;
                double requestsPerWindow = rate * windowS;
                List<IntervalStats> rows = r.intervals();
                // what the reports keep per interval: compressed HdrHistograms (Latin-1 strings, one byte a char)
                long kept = r.model().histograms().stream()
                        .mapToLong(h -> h.compressedBase64().length())
                        .sum();
                System.out.println(r + "; " + String.join(" | ", r.notes()));
                System.out.println(String.format(
                        Locale.ROOT,
                        "long_result seconds=%d rate=%.0f intervals=%d heap_start_mb=%.1f heap_end_mb=%.1f"
                                + " cpu_us_per_request_start=%.2f cpu_us_per_request_end=%.2f dropped=%d"
                                + " schedule_error_p99_us=%.1f p99_ms=%.3f kept_histograms_mb=%.2f",
                        seconds, rate, rows.size(),
                        m.get(0) / 1048576.0, m.get(1) / 1048576.0,
                        (m.get(3) - m.get(2)) / 1e3 / requestsPerWindow,
                        (m.get(5) - m.get(4)) / 1e3 / requestsPerWindow,
                        r.dropped(), r.model().scheduleError().p99Nanos() / 1e3, r.p99().toNanos() / 1e6,
                        kept / 1048576.0));
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }
}

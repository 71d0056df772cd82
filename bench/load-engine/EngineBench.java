// Drives GET /health with the infra-perf load engine: <connections> closed-model users without wait, one keep-alive
// connection each, for <seconds>; prints engine_rps=<completed requests per second> and engine_cpu_us=<this process's
// CPU time (user + system) during the measured phase, per completed request, in microseconds>; with
// -Dbench.server.pid=<pid> (Linux) also server_cpu_us=<that process's CPU time over the same phase, per request>; with
// -Dbench.intervals=true, before that last line, intervals_krps=<each 1 s interval's thousands of requests per second>
// (how far the rate drifts within one run). The first line ends with alloc_bytes_per_request: the heap this JVM
// allocated during the measured phase (all threads; a virtual thread allocates on its carrier's account), per
// completed request, a figure the host's drift does not move, and compiler_cpu_ms: the CPU time the JIT's compiler
// threads took during the measured phase (Linux, from /proc; 10 ms ticks), which shows whether that phase was warm.
// Two warm-up phases run first (3 s and 2 s): the end of a JVM's first phase and the start of its second take paths
// the compiled code never saw (the stop branch, a user's first connect and encode), which throws the hot path's
// compiled code away; measured after one warm-up, the compiler threads took 540-740 ms of CPU in a 10 s phase at 256
// connections (one core's 6-8 %, shared with the server) and its first second ran at about 60 % of the rest.
// Run with the source launcher: java -cp <perf-junit-extension classpath> EngineBench.java <url> <connections> <seconds> [socket|jdk]
import dev.infraperf.load.LoadEngine;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Task;
import dev.infraperf.load.VirtualUser;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

public class EngineBench {

    public static class HealthUser extends VirtualUser {
        public HealthUser() {}

        @Task
        void health() {
            http().get("/health").send();
        }
    }

    /** User + system time of the process -Dbench.server.pid names (the JDK reads /proc); -1 without one. */
    static long serverCpuNanos() {
        String pid = System.getProperty("bench.server.pid");
        return pid == null ? -1 : ProcessHandle.of(Long.parseLong(pid))
                .flatMap(p -> p.info().totalCpuDuration())
                .map(java.time.Duration::toNanos)
                .orElse(-1L);
    }

    /** CPU time of this JVM's JIT compiler threads in clock ticks (Linux, /proc/self/task); -1 elsewhere. */
    static long compilerTicks() {
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return -1;
        }
        long ticks = 0;
        for (java.io.File task : tasks) {
            try {
                if (!java.nio.file.Files.readString(task.toPath().resolve("comm")).contains("CompilerThre")) {
                    continue;
                }
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (java.io.IOException | RuntimeException gone) {
                // a compiler thread that ended between the listing and the read took its time with it
            }
        }
        return ticks;
    }

    public static void main(String[] args) {
        URI target = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        boolean jdk = args.length > 3 && args[3].equals("jdk");
        // warm-up: JIT the request path on both sides before measuring, and the code a phase's end and the next one's
        // start take (see the top)
        for (int warmUpSeconds : new int[] {3, 2}) {
            LoadEngine.Phase warmUp = LoadEngine.Phase.closed(
                    "warm-up", connections, 10_000, Duration.ofSeconds(warmUpSeconds), HealthUser.class);
            LoadEngine.run(target, jdk ? warmUp.jdkClient() : warmUp);
        }
        LoadEngine.Phase phase =
                LoadEngine.Phase.closed("health", connections, 10_000, Duration.ofSeconds(seconds), HealthUser.class);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        long compilerBefore = compilerTicks();
        long cpuBefore = os.getProcessCpuTime();
        long serverBefore = serverCpuNanos();
        PhaseResult result = LoadEngine.run(target, jdk ? phase.jdkClient() : phase);
        long cpuNanos = os.getProcessCpuTime() - cpuBefore;
        long compilerMillis = compilerBefore < 0 ? -1 : (compilerTicks() - compilerBefore) * 10;
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        long serverNanos = serverCpuNanos() - serverBefore;
        long requests = Math.max(1, result.succeeded());
        System.out.println(String.format(
                Locale.ROOT,
                "engine(%s): %d requests, %d failed, %d timed out, p50 %.3f ms, p99 %.3f ms, alloc_bytes_per_request=%.0f"
                        + " compiler_cpu_ms=%d",
                jdk ? "jdk HttpClient" : "socket client",
                result.issued(),
                result.failed(),
                result.timedOut(),
                result.p50().toNanos() / 1e6,
                result.p99().toNanos() / 1e6,
                (double) allocated / requests,
                compilerMillis));
        if (Boolean.getBoolean("bench.intervals")) {
            StringBuilder line = new StringBuilder("intervals_krps=");
            result.intervals().forEach(row -> line.append(Math.round(row.requestsPerSecond() / 1000)).append(','));
            System.out.println(line.substring(0, line.length() - 1));
        }
        System.out.println(String.format(
                        Locale.ROOT, "engine_rps=%.0f engine_cpu_us=%.2f", result.throughput(), cpuNanos / 1e3 / requests)
                + (serverBefore < 0 ? "" : String.format(Locale.ROOT, " server_cpu_us=%.2f", serverNanos / 1e3 / requests)));
    }
}

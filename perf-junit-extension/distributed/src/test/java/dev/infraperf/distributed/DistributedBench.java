package dev.infraperf.distributed;

import dev.infraperf.load.LoadEngine;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Task;
import dev.infraperf.load.VirtualUser;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code bench/distributed.sh}: one open-model phase through {@link LoadEngine}, in this JVM or, with {@code
 * -Dperf.load.workers=N}, on N local workers. Prints {@code rps=... p99_ms=... issued=...}.
 */
public final class DistributedBench {
    private DistributedBench() {}

    /** One GET /health per task. */
    static final class Health extends VirtualUser {
        @Task
        void health() {
            http().get("/health").send();
        }
    }

    public static void main(String[] args) {
        URI target = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
        PhaseResult r = LoadEngine.run(target, LoadEngine.Phase.open("bench", rate, duration, Health.class));
        System.out.printf(
                Locale.ROOT,
                "rps=%.1f p99_ms=%.2f issued=%d succeeded=%d%n",
                r.throughput(),
                r.p99().toNanos() / 1e6,
                r.issued(),
                r.succeeded());
    }
}

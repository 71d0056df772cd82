package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.InputStream;
import org.apiguardian.api.API;

/**
 * The worker process: {@code java -cp <test classpath> dev.infraperf.distributed.WorkerMain [--index i] [--port p]
 * [--bind address] [--idle-timeout seconds] [--watch-stdin]}. Prints {@code infra-perf worker <i> listening on
 * <url>} once it listens, then serves one phase share (see {@code docs/distributed.md}). The index defaults to {@code
 * JOB_COMPLETION_INDEX} (a Kubernetes Indexed Job), the port to 0 (a free one), the address to {@code 127.0.0.1}.
 * With {@code --watch-stdin} it exits when its standard input closes, i.e. when the coordinator that started it is
 * gone.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class WorkerMain {
    private WorkerMain() {}

    /** The worker's index from {@code JOB_COMPLETION_INDEX} (set by a Kubernetes Indexed Job), 0 without it. */
    static int indexFrom(String completionIndex) {
        if (completionIndex == null || completionIndex.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(completionIndex.strip());
        } catch (NumberFormatException e) {
            System.err.println("[" + completionIndex + "] is not valid for " + WorkerJob.INDEX_ENV
                    + "; a Kubernetes Indexed Job sets it to the pod's index, 0, 1, ...; --index i overrides it");
            System.exit(2);
            return -1;
        }
    }

    public static void main(String[] args) throws IOException {
        int index = -1;
        int port = 0;
        String bind = "127.0.0.1";
        long idleSeconds = 120;
        boolean watchStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--index" -> index = Integer.parseInt(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--bind" -> bind = args[++i];
                case "--idle-timeout" -> idleSeconds = Long.parseLong(args[++i]);
                case "--watch-stdin" -> watchStdin = true;
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; use --index i --port p --bind address --idle-timeout seconds --watch-stdin");
                    System.exit(2);
                }
            }
        }
        if (index < 0) {
            index = indexFrom(System.getenv(WorkerJob.INDEX_ENV));
        }
        // the protocol's JSON binding, warmed before listening: a cold first plan would eat into the lead time
        Json.read(
                Json.write(new WorkerPlan(
                        0, 1, "warm-up", "OPEN", 0, 0, 1, 1, 1, "", 1, 1, 0, "SOCKET", 1, "", false, "", 0, 0, 0)),
                WorkerPlan.class);
        Json.write(new WorkerStatus("idle", "", java.util.List.of()));
        WorkerServer server = new WorkerServer(index, bind, port, idleSeconds * 1000, () -> System.exit(0));
        System.out.println("infra-perf worker " + index + " listening on " + server.uri());
        System.out.flush();
        if (watchStdin) {
            Thread.ofPlatform().daemon().name("worker-stdin").start(() -> {
                try (InputStream in = System.in) {
                    while (in.read() >= 0) {
                        // the coordinator sends nothing; end of input means it is gone
                    }
                } catch (IOException e) {
                    // same: the pipe broke
                }
                System.exit(3);
            });
        }
    }
}

package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Runs one phase on workers: starts them through the backend, measures their clock skew, sends each its share with
 * one agreed start instant, collects their intervals while they run (so a worker that dies keeps what it had
 * reported), collects their final reports, stops them and merges. Whatever happens, every worker is stopped and the
 * backend closed before this returns or throws.
 */
@API(status = INTERNAL, since = "0.1")
public final class Coordinator {

    /** Time between the plans being sent and the agreed start, for every worker to have its plan. */
    static final Duration LEAD = Duration.ofMillis(3000);

    static final Duration POLL = Duration.ofMillis(500);

    private Coordinator() {}

    /**
     * @throws WorkersLostError when a worker was lost and {@link DistributedSettings#allowLostWorkers()} is false
     * @throws IllegalStateException when the workers could not be started or given their plans (before any load)
     */
    public static MergedRun run(
            WorkerPlan whole, DistributedSettings settings, Consumer<String> progress, String label) {
        WorkerBackend backend = settings.cluster().equals("kubernetes")
                ? new KubernetesWorkers(settings.kubernetes(), label, lifetime(whole, settings))
                : new LocalWorkers(settings.jvmArgs());
        return run(whole, settings, progress, label, backend);
    }

    /**
     * How long workers may live from their start on: the start timeout, the lead to the agreed start, the phase
     * (with the latest worker's offset), the grace for the final reports and the time the workers keep them (the
     * linger). A worker still running then is stopped by its backend (a Kubernetes Job's {@code
     * activeDeadlineSeconds}).
     */
    static Duration lifetime(WorkerPlan whole, DistributedSettings settings) {
        long maxOffset = Split.shares(whole, settings.workers()).stream()
                .mapToLong(WorkerPlan::startOffsetNanos)
                .max()
                .orElse(0);
        return settings.startTimeout()
                .plus(LEAD)
                .plusNanos(whole.durationNanos() + maxOffset)
                .plusSeconds(1)
                .plus(settings.grace())
                .plus(linger(settings));
    }

    private static Duration linger(DistributedSettings settings) {
        return settings.grace().plusSeconds(5);
    }

    static MergedRun run(
            WorkerPlan whole,
            DistributedSettings settings,
            Consumer<String> progress,
            String label,
            WorkerBackend backend) {
        int n = settings.workers();
        List<WorkerPlan> shares = Split.shares(whole, n);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.answerTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<Worker> workers = new ArrayList<>();
        Instant agreed;
        try (backend) {
            String phase = "phase \"" + whole.phase() + "\"";
            List<WorkerBackend.Endpoint> endpoints;
            try {
                endpoints = backend.start(n, settings.startTimeout());
            } catch (WorkerBackend.WorkerStartException e) {
                throw new IllegalStateException(
                        phase + " failed before any load: " + e.getMessage() + " (" + backend.describe() + ")");
            }
            for (WorkerBackend.Endpoint endpoint : endpoints) {
                WorkerClient client = new WorkerClient(http, endpoint.uri(), settings.answerTimeout());
                try {
                    workers.add(new Worker(endpoint, client, client.skewNanos()));
                } catch (IOException e) {
                    throw new IllegalStateException(phase + " failed before any load: " + endpoint.name()
                            + " listens at " + endpoint.uri() + " but does not answer: " + e);
                }
            }
            long linger = linger(settings).toMillis();
            agreed = Instant.now().plus(LEAD);
            long agreedNanos = WorkerServer.epochNanos(agreed);
            List<Thread> senders = new ArrayList<>();
            List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
            for (Worker w : workers) {
                WorkerPlan share = shares.get(w.endpoint.index()).startingAt(agreedNanos + w.skewNanos, linger);
                senders.add(Thread.ofVirtual().start(() -> {
                    try {
                        w.client.send(share);
                    } catch (IOException | InterruptedException e) {
                        refused.add(w.endpoint.name() + " did not take its plan: " + e.getMessage());
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            if (!refused.isEmpty()) {
                throw new IllegalStateException(phase + " failed before any load: " + String.join("; ", refused));
            }
            if (Instant.now().isAfter(agreed)) {
                throw new IllegalStateException(phase + " failed before any load: sending the plans to " + n
                        + " workers took longer than the " + LEAD.toMillis() + " ms lead to the agreed start");
            }
            collect(workers, whole, settings, backend, agreed, progress, label);
            for (Worker w : workers) {
                w.client.stop();
            }
            String where = backend.describe();
            MergedRun merged = Merge.merge(whole, agreed, workers, where, settings);
            if (!merged.lost().isEmpty() && !settings.allowLostWorkers()) {
                throw new WorkersLostError(
                        phase + " lost " + merged.lost().size() + " of " + n + " workers ("
                                + DistributedSettings.ALLOW_LOST_KEY + "=true lets it pass): "
                                + String.join("; ", merged.lost()),
                        merged);
            }
            return merged;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while coordinating phase \"" + whole.phase() + "\"");
        } finally {
            for (Worker w : workers) {
                w.client.stop();
            }
        }
    }

    private static void collect(
            List<Worker> workers,
            WorkerPlan whole,
            DistributedSettings settings,
            WorkerBackend backend,
            Instant agreed,
            Consumer<String> progress,
            String label)
            throws InterruptedException {
        long maxOffset = workers.isEmpty()
                ? 0
                : Split.shares(whole, workers.size()).stream()
                        .mapToLong(WorkerPlan::startOffsetNanos)
                        .max()
                        .orElse(0);
        Instant end = agreed.plusNanos(whole.durationNanos() + maxOffset).plusSeconds(1);
        Instant giveUp = end.plus(settings.grace());
        int printed = 0;
        while (true) {
            boolean open = false;
            for (Worker w : workers) {
                if (w.finished()) {
                    continue;
                }
                poll(w, backend, settings);
                open |= !w.finished();
            }
            printed = progress(workers, whole, printed, progress, label);
            if (!open) {
                return;
            }
            if (Instant.now().isAfter(giveUp)) {
                for (Worker w : workers) {
                    if (!w.finished()) {
                        w.lose("it did not report within " + settings.grace() + " (" + DistributedSettings.GRACE_KEY
                                + ") after the phase end");
                    }
                }
                return;
            }
            Thread.sleep(POLL);
        }
    }

    private static void poll(Worker w, WorkerBackend backend, DistributedSettings settings)
            throws InterruptedException {
        try {
            WorkerStatus status = w.client.status(w.intervals.size());
            w.lastAnswer = System.nanoTime();
            w.intervals.addAll(status.intervals());
            if (status.state().equals("done")) {
                w.report = w.client.report();
            } else if (status.state().equals("failed")) {
                w.lose("its phase failed: " + status.error());
            }
        } catch (IOException | RuntimeException e) {
            Optional<String> gone = backend.gone(w.endpoint.index());
            if (gone.isPresent()) {
                w.lose(gone.get());
            } else if (System.nanoTime() - w.lastAnswer
                    > settings.answerTimeout().toNanos()) {
                w.lose("it stopped answering for " + settings.answerTimeout() + " ("
                        + DistributedSettings.ANSWER_TIMEOUT_KEY + "): " + e.getMessage());
            }
        }
    }

    private static int progress(
            List<Worker> workers, WorkerPlan whole, int printed, Consumer<String> progress, String label) {
        if (progress == null) {
            return printed;
        }
        int complete = workers.stream()
                .mapToInt(w -> w.lostReason != null ? Integer.MAX_VALUE : w.intervals.size())
                .min()
                .orElse(0);
        if (complete == Integer.MAX_VALUE) {
            return printed;
        }
        for (int k = printed; k < complete; k++) {
            long ok = 0;
            long failed = 0;
            long live = 0;
            for (Worker w : workers) {
                if (k < w.intervals.size()) {
                    ok += w.intervals.get(k).ok();
                    failed += w.intervals.get(k).failed();
                    live++;
                }
            }
            progress.accept(String.format(
                    java.util.Locale.ROOT,
                    "[%s] interval %d  workers %d/%d  requests %d  errors %d",
                    label,
                    k + 1,
                    live,
                    workers.size(),
                    ok + failed,
                    failed));
        }
        return Math.max(printed, complete);
    }

    /** A worker as the coordinator tracks it. */
    static final class Worker {
        final WorkerBackend.Endpoint endpoint;
        final WorkerClient client;
        final long skewNanos;
        final List<WorkerInterval> intervals = new ArrayList<>();
        WorkerReport report;
        String lostReason;
        long lastAnswer = System.nanoTime();
        long lostAtNanos;

        Worker(WorkerBackend.Endpoint endpoint, WorkerClient client, long skewNanos) {
            this.endpoint = endpoint;
            this.client = client;
            this.skewNanos = skewNanos;
        }

        boolean finished() {
            return report != null || lostReason != null;
        }

        void lose(String reason) {
            lostReason = reason;
            lostAtNanos = System.nanoTime();
        }
    }
}

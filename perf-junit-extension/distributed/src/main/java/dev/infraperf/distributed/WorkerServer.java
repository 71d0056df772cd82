package dev.infraperf.distributed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.infraperf.load.DistributedPhases;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A worker: the load engine behind a small HTTP server. It receives one phase share ({@code POST /phase}, a {@link
 * WorkerPlan}), waits for the agreed instant, runs it, and serves its intervals ({@code GET /status?from=k}) and its
 * final {@link WorkerReport} ({@code GET /report}) until the coordinator says {@code POST /stop} or the plan's linger
 * time after the phase is over. {@code GET /clock} answers its wall clock so the coordinator can measure the skew.
 *
 * <p>Everything is bounded: with no plan within {@code idleTimeout}, or past the phase end plus the linger time, the
 * {@code onExit} action runs (the main class exits the JVM).
 */
final class WorkerServer implements AutoCloseable {

    private final int index;
    private final HttpServer server;
    private final Runnable onExit;
    private final long idleTimeoutMillis;
    private final Object lock = new Object();
    private final List<WorkerInterval> intervals = new ArrayList<>();
    private volatile String state = "idle";
    private volatile String error = "";
    private volatile WorkerReport report;
    private volatile long exitAtMillis;
    private final Thread watchdog;

    WorkerServer(int index, String bind, int port, long idleTimeoutMillis, Runnable onExit) throws IOException {
        this.index = index;
        this.onExit = onExit;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.exitAtMillis = System.currentTimeMillis() + idleTimeoutMillis;
        server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/clock", this::clock);
        server.createContext("/phase", this::phase);
        server.createContext("/status", this::status);
        server.createContext("/report", this::report);
        server.createContext("/stop", this::stop);
        server.start();
        watchdog = Thread.ofPlatform().daemon().name("worker-watchdog").start(this::watch);
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : address.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + address.getPort());
    }

    static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private void clock(HttpExchange exchange) throws IOException {
        answer(exchange, 200, "{\"epochNanos\":" + epochNanos(Instant.now()) + "}");
    }

    private void phase(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            answer(exchange, 405, "{\"error\":\"POST a WorkerPlan\"}");
            return;
        }
        WorkerPlan plan;
        try {
            plan = Json.read(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), WorkerPlan.class);
        } catch (RuntimeException e) {
            answer(exchange, 400, Json.write(new WorkerStatus("idle", e.getMessage(), List.of())));
            return;
        }
        synchronized (lock) {
            if (!state.equals("idle")) {
                answer(exchange, 409, Json.write(new WorkerStatus(state, "a phase was already sent", List.of())));
                return;
            }
            state = "waiting";
            long end = (plan.startEpochNanos() + plan.startOffsetNanos() + plan.durationNanos()) / 1_000_000;
            // the phase ends within its stop grace (at most 5 s) and 0.3 s of its duration (PhaseRunner), then the
            // results wait to be collected: the linger (the coordinator's grace + 5 s, 20 s by default) covers it
            exitAtMillis = end + 1_000 + plan.lingerMillis();
        }
        Thread.ofPlatform().name("worker-phase").start(() -> run(plan));
        answer(exchange, 202, Json.write(new WorkerStatus(state, "", List.of())));
    }

    private void run(WorkerPlan plan) {
        String test = "worker-" + plan.index();
        WorkerListener.attach(new WorkerListener.Sink(test, interval -> {
            synchronized (lock) {
                intervals.add(interval);
            }
        }));
        try {
            long startEpoch = plan.startEpochNanos() + plan.startOffsetNanos();
            long wait = startEpoch - epochNanos(Instant.now());
            long plannedNanoTime = System.nanoTime() + wait;
            while (System.nanoTime() < plannedNanoTime) {
                TimeUnit.NANOSECONDS.sleep(Math.min(plannedNanoTime - System.nanoTime(), 50_000_000));
            }
            state = "running";
            report = DistributedPhases.runShare(plan, test + "/" + plan.phase(), plannedNanoTime);
            state = "done";
        } catch (Throwable e) {
            error = String.valueOf(e);
            state = "failed";
        } finally {
            WorkerListener.detach();
        }
    }

    private void status(HttpExchange exchange) throws IOException {
        int from = 0;
        String query = exchange.getRequestURI().getQuery();
        if (query != null && query.startsWith("from=")) {
            from = Integer.parseInt(query.substring(5));
        }
        List<WorkerInterval> page;
        String now;
        synchronized (lock) {
            now = state;
            page = List.copyOf(intervals.subList(Math.min(from, intervals.size()), intervals.size()));
        }
        answer(exchange, 200, Json.write(new WorkerStatus(now, error, page)));
    }

    private void report(HttpExchange exchange) throws IOException {
        WorkerReport r = report;
        if (r == null) {
            answer(exchange, 409, Json.write(new WorkerStatus(state, error, List.of())));
        } else {
            answer(exchange, 200, Json.write(r));
        }
    }

    private void stop(HttpExchange exchange) throws IOException {
        answer(exchange, 200, "{\"stopping\":true}");
        exitAtMillis = System.currentTimeMillis();
        watchdog.interrupt();
    }

    private void watch() {
        while (System.currentTimeMillis() < exitAtMillis) {
            try {
                Thread.sleep(Math.max(1, Math.min(500, exitAtMillis - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                // re-check: /stop moved the exit time
            }
        }
        close();
        onExit.run();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    int index() {
        return index;
    }

    long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

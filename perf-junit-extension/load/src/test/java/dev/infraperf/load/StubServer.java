package dev.infraperf.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server for engine tests whose behaviour the test controls: a failure share, a fixed delay, a
 * one-off stall window, or hanging forever. Requests answer {@code {"ok":true}}.
 */
final class StubServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final long startNanos = System.nanoTime();
    final AtomicLong requests = new AtomicLong();
    volatile double failureShare;
    volatile long delayMillis;
    volatile boolean hang;
    private volatile long stallFromNanos = Long.MAX_VALUE;
    private volatile long stallUntilNanos = Long.MIN_VALUE;

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request arriving in [from, from + length) after the server start waits until the window ends. */
    void stallOnce(long fromMillis, long lengthMillis) {
        stallFromNanos = startNanos + fromMillis * 1_000_000;
        stallUntilNanos = stallFromNanos + lengthMillis * 1_000_000;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            try {
                if (hang) {
                    Thread.sleep(Long.MAX_VALUE);
                }
                long now = System.nanoTime();
                if (now >= stallFromNanos && now < stallUntilNanos) {
                    Thread.sleep((stallUntilNanos - now) / 1_000_000 + 1);
                }
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
            } catch (InterruptedException e) {
                return;
            }
            boolean fail = failureShare > 0 && ThreadLocalRandom.current().nextDouble() < failureShare;
            byte[] body = (fail ? "{\"error\":\"injected\"}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

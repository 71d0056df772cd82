package dev.infraperf.distributed;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for port-forward in tests of the backend alone: every "pod" is one loopback server that answers {@code
 * GET /clock}. Records which pods were connected and how many connections were closed.
 */
final class ClockStubConnector implements PodConnector, AutoCloseable {

    final List<String> connected = new CopyOnWriteArrayList<>();
    final AtomicInteger closed = new AtomicInteger();
    private final HttpServer server;

    ClockStubConnector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/clock", exchange -> {
            byte[] body = "{\"epochNanos\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @Override
    public Connection connect(Pod pod, int index, int port) {
        connected.add(pod.getMetadata().getName() + ":" + port);
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new Connection(uri, closed::incrementAndGet);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

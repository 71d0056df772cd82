package dev.infraperf.mock.terrafix;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Carries {@link TerraFixApi} over the JDK's built-in HTTP server, dispatching every exchange to its own virtual
 * thread, so waiting requests never hold a platform thread.
 */
final class JdkHttpTransport implements Transport {

    private final HttpServer server;
    private final ExecutorService executor;

    private JdkHttpTransport(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static JdkHttpTransport start(String host, int port, TerraFixApi api) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 4096);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", exchange -> serve(api, exchange));
            server.start();
            return new JdkHttpTransport(server, executor);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void serve(TerraFixApi api, HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiResponse answer = api.handle(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    limit -> readAtMost(exchange, limit));
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", answer.contentType());
            headers.set("Access-Control-Allow-Origin", "*");
            for (Map.Entry<String, String> header : answer.headers().entrySet()) {
                headers.set(header.getKey(), header.getValue());
            }
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static byte[] readAtMost(HttpExchange exchange, int limit) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                long declared = Long.parseLong(length.trim());
                if (declared < 0) {
                    throw new IOException("Content-Length [" + length + "] is negative");
                }
                if (declared > limit) {
                    return null;
                }
            } catch (NumberFormatException e) {
                throw new IOException("Content-Length [" + length + "] is not a number", e);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit ? null : bytes;
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}

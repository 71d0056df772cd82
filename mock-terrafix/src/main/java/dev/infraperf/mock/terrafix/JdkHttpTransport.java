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

    /**
     * How much of a refused body is read and thrown away before the 413 goes out: closing a connection with request
     * bytes unread resets it, and a client still sending its body then loses the answer (the JDK's {@code HttpClient}
     * saw no bytes in 3 posts of 30). A body declared larger is refused unread.
     */
    static final long DISCARD_MAX = 16L * 1024 * 1024;

    private static byte[] readAtMost(HttpExchange exchange, int limit) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("Content-Length [" + length + "] is not a number", e);
            }
            if (declared < 0) {
                throw new IOException("Content-Length [" + length + "] is negative");
            }
            if (declared > limit) {
                if (declared <= DISCARD_MAX) {
                    discard(exchange.getRequestBody(), declared);
                }
                return null;
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                discard(in, DISCARD_MAX);
                return null;
            }
            return bytes;
        }
    }

    /** Reads and drops up to {@code max} bytes, to the end of the body; a client that went away ends it early. */
    private static void discard(InputStream in, long max) {
        byte[] sink = new byte[64 * 1024];
        long left = max;
        try {
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client is gone: nobody is left to answer
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

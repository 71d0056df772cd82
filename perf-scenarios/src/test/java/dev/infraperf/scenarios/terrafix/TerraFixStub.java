package dev.infraperf.scenarios.terrafix;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for TerraFix's API that answers at once: {@code /webhook} with the dedup answer ({@code
 * "skipped"} true for a repeated {@code test_id} + {@code resource_arn}), {@code /batch} with its counts, GETs with
 * 200. It lets the request-mix test collect thousands of tasks in seconds, where the real mock spends its time parsing
 * Terraform repositories.
 */
final class TerraFixStub implements AutoCloseable {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    TerraFixStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String answer;
            if (path.equals("/webhook")) {
                JsonNode failure = JSON.readTree(request);
                boolean duplicate = !seen.add(failure.path("test_id").asText() + "-"
                        + failure.path("resource_arn").asText());
                answer = "{\"success\":true,\"skipped\":" + duplicate + "}";
            } else if (path.equals("/batch")) {
                int n = JSON.readTree(request).size();
                answer = "{\"total\":" + n + ",\"successful\":" + n + ",\"failed\":0,\"results\":[]}";
            } else {
                answer = "{\"status\":\"healthy\"}";
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
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

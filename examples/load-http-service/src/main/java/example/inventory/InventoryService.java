package example.inventory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service under test: a small inventory API. {@code GET /health}, {@code GET /items/{sku}} (404 for an unknown
 * sku) and {@code POST /items/{sku}/reserve}. It listens on a free loopback port.
 */
public final class InventoryService implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Integer> stock = new ConcurrentHashMap<>();

    private InventoryService() throws IOException {
        for (int i = 0; i < 100; i++) {
            stock.put("sku-" + i, 1_000_000);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static InventoryService start() throws IOException {
        return new InventoryService();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health")) {
                send(exchange, 200, "{\"status\":\"ok\"}");
                return;
            }
            String[] parts = path.split("/");
            if (parts.length < 3 || !parts[1].equals("items")) {
                send(exchange, 404, "{\"error\":\"not found\"}");
                return;
            }
            Integer left = stock.get(parts[2]);
            if (left == null) {
                send(exchange, 404, "{\"error\":\"unknown sku\"}");
            } else if (method.equals("GET") && parts.length == 3) {
                send(exchange, 200, "{\"sku\":\"" + parts[2] + "\",\"stock\":" + left + "}");
            } else if (method.equals("POST") && parts.length == 4 && parts[3].equals("reserve")) {
                int now = stock.merge(parts[2], -1, Integer::sum);
                send(exchange, 200, "{\"sku\":\"" + parts[2] + "\",\"stock\":" + now + "}");
            } else {
                send(exchange, 405, "{\"error\":\"method not allowed\"}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

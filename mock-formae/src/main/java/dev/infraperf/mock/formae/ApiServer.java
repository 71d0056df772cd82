package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.infraperf.mock.formae.internal.CappedBody;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formae's REST API v1 on the JDK's HTTP server, one virtual thread per request.
 *
 * <p>Bounded against slow and large requests: a request (headers and body) must arrive within the
 * read timeout, else the server closes its connection (nothing can be answered to a request that never
 * finished); a body above the size cap is answered 413 without being read.
 */
final class ApiServer implements AutoCloseable {

    private static final Pattern COMMAND_STATUS = Pattern.compile("/api/v1/commands/([^/]+)/status");

    /** The JDK server's own limit on the time to receive a request, in whole seconds, read once per JVM. */
    static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";

    /**
     * Routes and their methods; {@code openapi.json} documents exactly these (a test keeps both in
     * step). {@code {id}} stands for a command id.
     */
    static final Map<String, Set<String>> ROUTES = routes();

    private final Agent agent;
    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final long maxBodyBytes;

    ApiServer(Agent agent, int port, Duration readTimeout, long maxBodyBytes) {
        this.agent = agent;
        this.maxBodyBytes = maxBodyBytes;
        // The JDK reads this once, when its first server starts; the agent's process starts none before.
        System.setProperty(
                MAX_REQUEST_TIME_PROPERTY, Long.toString(Math.max(1, (readTimeout.toMillis() + 999) / 1000)));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(requests);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            try {
                Map<String, String> query =
                        queryParameters(exchange.getRequestURI().getRawQuery());
                route(exchange, method, path, query);
            } catch (ApiException e) {
                if (e.error == null) {
                    send(exchange, e.status, e.data);
                } else {
                    ObjectNode body = Forma.JSON.createObjectNode();
                    body.put("error", e.error);
                    body.set("data", e.data == null ? NullNode.getInstance() : e.data);
                    send(exchange, e.status, body);
                }
            } catch (RuntimeException e) {
                agent.log.error("request " + method + " " + path + " failed: " + e);
                send(exchange, 500, Forma.JSON.createObjectNode().put("message", String.valueOf(e.getMessage())));
            }
        }
    }

    private static Map<String, Set<String>> routes() {
        Map<String, Set<String>> routes = new LinkedHashMap<>();
        routes.put("/openapi.json", Set.of("GET"));
        routes.put("/api/v1/health", Set.of("GET"));
        routes.put("/api/v1/commands", Set.of("POST"));
        routes.put("/api/v1/commands/status", Set.of("GET"));
        routes.put("/api/v1/commands/{id}/status", Set.of("GET"));
        routes.put("/api/v1/commands/cancel", Set.of("POST"));
        routes.put("/api/v1/resources", Set.of("GET"));
        routes.put("/api/v1/targets", Set.of("GET"));
        routes.put("/api/v1/stats", Set.of("GET"));
        routes.put("/api/v1/admin/synchronize", Set.of("POST"));
        routes.put("/api/v1/admin/discover", Set.of("POST"));
        return Collections.unmodifiableMap(routes);
    }

    private void route(HttpExchange exchange, String method, String path, Map<String, String> query)
            throws IOException {
        if (path.equals("/openapi.json")) {
            requireMethod(method, "GET");
            sendBytes(exchange, 200, OpenApi.DOCUMENT);
            return;
        }
        if (path.equals("/api/v1/health")) {
            requireMethod(method, "GET");
            send(exchange, 200, NullNode.getInstance());
            return;
        }
        if (!path.startsWith("/api/v1/")) {
            throw new ApiException(404, null, Forma.JSON.createObjectNode().put("message", "Not Found"));
        }
        String clientId = exchange.getRequestHeaders().getFirst("Client-ID");
        if (clientId == null || clientId.isBlank()) {
            throw ApiException.badRequest(
                    "MissingClientId", "the header Client-ID is required (the CLI sends its KSUID from cli_client_id)");
        }
        switch (path) {
            case "/api/v1/commands" -> {
                requireMethod(method, "POST");
                submit(exchange, clientId);
            }
            case "/api/v1/commands/status" -> {
                requireMethod(method, "GET");
                int max = maxResults(query.get("max_results"));
                List<CommandRecord> commands = agent.commands(clientId, query.get("query"), max);
                if (commands.isEmpty()) {
                    throw new ApiException(
                            404,
                            "CommandNotFound",
                            Forma.JSON
                                    .createObjectNode()
                                    .put("Query", String.valueOf(query.getOrDefault("query", ""))));
                }
                sendCommands(exchange, commands);
            }
            case "/api/v1/commands/cancel" -> {
                requireMethod(method, "POST");
                List<String> ids = agent.cancel(clientId, query.get("query"));
                if (ids.isEmpty()) {
                    throw new ApiException(
                            404,
                            "NoCommandsCanceled",
                            Forma.JSON
                                    .createObjectNode()
                                    .put("Query", String.valueOf(query.getOrDefault("query", ""))));
                }
                ObjectNode body = Forma.JSON.createObjectNode();
                ArrayNode list = body.putArray("CommandIds");
                ids.forEach(list::add);
                send(exchange, 202, body);
            }
            case "/api/v1/resources" -> {
                requireMethod(method, "GET");
                List<InventoryResource> resources = agent.resources(query.get("query"));
                if (resources.isEmpty()) {
                    ObjectNode body = Forma.JSON.createObjectNode();
                    body.put("error", "Resources cannot be extracted: no resource matches the query");
                    body.putObject("data").put("Query", String.valueOf(query.getOrDefault("query", "")));
                    send(exchange, 404, body);
                    return;
                }
                send(exchange, 200, StatusJson.forma(resources, agent.db.targets()));
            }
            case "/api/v1/targets" -> {
                requireMethod(method, "GET");
                ArrayNode targets = Forma.JSON.createArrayNode();
                agent.db.targets().forEach(t -> targets.addObject()
                        .put("Label", t.getKey())
                        .put("Namespace", t.getValue()));
                send(exchange, 200, targets);
            }
            case "/api/v1/stats" -> {
                requireMethod(method, "GET");
                send(exchange, 200, agent.stats());
            }
            case "/api/v1/admin/synchronize" -> {
                requireMethod(method, "POST");
                Synchronizer.Result result = agent.synchronize();
                send(
                        exchange,
                        200,
                        Forma.JSON
                                .createObjectNode()
                                .put("Read", result.read())
                                .put("Skipped", result.skipped())
                                .put("Removed", result.removed()));
            }
            case "/api/v1/admin/discover" -> {
                requireMethod(method, "POST");
                // Discovery finds unmanaged resources; the mock manages everything it knows, so nothing to find.
                send(exchange, 200, NullNode.getInstance());
            }
            default -> {
                Matcher m = COMMAND_STATUS.matcher(path);
                if (m.matches()) {
                    requireMethod(method, "GET");
                    List<CommandRecord> commands = agent.db.queryCommands("command_id = ?", List.of(m.group(1)), 1);
                    if (commands.isEmpty()) {
                        throw new ApiException(
                                404,
                                "CommandNotFound",
                                Forma.JSON.createObjectNode().put("CommandId", m.group(1)));
                    }
                    sendCommands(exchange, commands);
                    return;
                }
                throw new ApiException(404, null, Forma.JSON.createObjectNode().put("message", "Not Found"));
            }
        }
    }

    private void submit(HttpExchange exchange, String clientId) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, byte[]> form;
        try {
            form = Multipart.parse(contentType, body(exchange));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidRequest", e.getMessage());
        }
        String command = text(form, "command", "").toLowerCase(Locale.ROOT);
        String mode = text(form, "mode", "").toLowerCase(Locale.ROOT);
        boolean simulate = Boolean.parseBoolean(text(form, "simulate", "false").trim());
        Agent.Submitted submitted =
                agent.submit(clientId, command, mode, simulate, form.get("file"), text(form, "query", null));
        ObjectNode body = Forma.JSON.createObjectNode();
        body.put("CommandId", submitted.commandId());
        JsonNode description = submitted.description();
        ObjectNode descriptionNode = body.putObject("Description");
        descriptionNode.put(
                "Text", description == null ? "" : description.path("Text").asText(""));
        descriptionNode.put(
                "Confirm", description != null && description.path("Confirm").asBoolean(false));
        if (submitted.simulated()) {
            ObjectNode simulation = body.putObject("Simulation");
            simulation.put("ChangesRequired", submitted.changesRequired());
            simulation.set("Command", submitted.command());
        }
        exchange.getResponseHeaders().add("Location", "/api/v1/commands/" + submitted.commandId() + "/status");
        send(exchange, 202, body);
    }

    /** The request body, at most {@link #maxBodyBytes}; 413 beyond, before reading when the length says so. */
    private byte[] body(HttpExchange exchange) throws IOException {
        return CappedBody.read(exchange, maxBodyBytes, this::tooLarge);
    }

    private ApiException tooLarge(String found) {
        ObjectNode data = Forma.JSON.createObjectNode();
        data.put(
                "Message",
                "the request body of " + found + " bytes is larger than the agent accepts (" + maxBodyBytes
                        + " bytes, --max-body-size)");
        data.put("MaxBytes", maxBodyBytes);
        return new ApiException(413, "RequestTooLarge", data);
    }

    private void sendCommands(HttpExchange exchange, List<CommandRecord> commands) throws IOException {
        ObjectNode body = Forma.JSON.createObjectNode();
        ArrayNode list = body.putArray("Commands");
        for (CommandRecord c : commands) {
            list.add(StatusJson.command(c, agent.db.statusUpdates(c.id()), agent.db.targetUpdatesOf(c.id())));
        }
        send(exchange, 200, body);
    }

    private static int maxResults(String value) {
        if (value == null || value.isBlank()) {
            return 10;
        }
        try {
            int max = Integer.parseInt(value.trim());
            if (max < 1) {
                throw new NumberFormatException();
            }
            return max;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "InvalidRequest", "max_results [" + value + "] is not a positive whole number");
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new ApiException(405, null, Forma.JSON.createObjectNode().put("message", "Method Not Allowed"));
        }
    }

    private static String text(Map<String, byte[]> form, String field, String fallback) {
        byte[] value = form.get(field);
        return value == null ? fallback : new String(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(
                        "InvalidRequest", "the query string [" + pair + "] is not URL-encoded: " + e.getMessage());
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        sendBytes(exchange, status, Forma.JSON.writeValueAsBytes(body));
    }

    private static void sendBytes(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
    }
}

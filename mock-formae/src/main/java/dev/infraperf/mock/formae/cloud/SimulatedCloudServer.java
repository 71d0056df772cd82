package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.infraperf.mock.formae.internal.CappedBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * The simulated cloud's HTTP server, on 127.0.0.1. Start it in-process with {@link #start} (unit
 * tests) or as its own process with {@link SimulatedCloudMain}; the API is described in {@code
 * mock-formae/CLOUD-API.md}. Closing it stops the server, the completion scheduler and flushes the
 * journal; operations still in flight then complete when a cloud on the same data file starts.
 */
public final class SimulatedCloudServer implements AutoCloseable {

    static final String PREFIX = "/cloud/v1/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final CloudState state;
    private final ObjectMapper json;
    private final URI url;

    private SimulatedCloudServer(CloudOptions options, LongSupplier nanoClock) throws IOException {
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.state = new CloudState(options, json, nanoClock);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            this.server =
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 128);
        } catch (IOException e) {
            state.close();
            throw e;
        }
        server.setExecutor(executor);
        server.createContext("/cloud/v1", this::handle);
        server.start();
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Starts a cloud with these options.
     *
     * @throws UncheckedIOException when the port cannot be bound or the data file cannot be read
     */
    public static SimulatedCloudServer start(CloudOptions options) {
        return start(options, System::nanoTime);
    }

    /** Starts a cloud whose throttle reads time from {@code nanoClock} (tests drive it by hand). */
    static SimulatedCloudServer start(CloudOptions options, LongSupplier nanoClock) {
        try {
            return new SimulatedCloudServer(options, nanoClock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated cloud on 127.0.0.1:" + options.port(), e);
        }
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return url;
    }

    public int port() {
        return url.getPort();
    }

    /** A client for this cloud. */
    public SimulatedCloudClient client() {
        return new SimulatedCloudClient(url);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        state.close();
    }

    // ---------------------------------------------------------------- routing

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Object body;
            int status = 200;
            try {
                String method = exchange.getRequestMethod();
                List<String> path = segments(exchange.getRequestURI().getRawPath());
                Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
                String first = path.isEmpty() ? "" : path.get(0);
                switch (first) {
                    case "operations":
                        if (method.equals("POST") && path.size() == 1) {
                            body = state.submit(read(exchange, OperationRequest.class, "an operation"));
                            status = 202;
                        } else if (method.equals("GET") && path.size() == 2) {
                            body = state.operation(path.get(1));
                        } else if (method.equals("GET") && path.size() == 1 && query.containsKey("clientToken")) {
                            body = state.operationByToken(
                                    query.get("clientToken").get(0));
                        } else if (method.equals("GET") && path.size() == 1) {
                            body = Map.of(
                                    "operations",
                                    state.operations(
                                            first(query, "label"),
                                            first(query, "type"),
                                            first(query, "operation"),
                                            first(query, "status"),
                                            first(query, "nativeId")));
                        } else {
                            throw unsupported(method, path);
                        }
                        break;
                    case "resources":
                        body = resources(exchange, method, path, query);
                        if (method.equals("POST")) {
                            status = 201;
                        }
                        break;
                    case "faults":
                        if (method.equals("GET")) {
                            body = state.faults();
                        } else if (method.equals("POST")) {
                            body = state.mergeFaults(read(exchange, CloudFaults.class, "a faults object"));
                        } else if (method.equals("DELETE")) {
                            state.resetFaults();
                            body = state.faults();
                        } else {
                            throw unsupported(method, path);
                        }
                        break;
                    case "quotas":
                        if (method.equals("GET")) {
                            body = quotasBody(state.quotas());
                        } else if (method.equals("POST")) {
                            Map<String, Integer> values = readQuotas(exchange);
                            body = quotasBody(state.setQuotas(values));
                        } else {
                            throw unsupported(method, path);
                        }
                        break;
                    case "health":
                        body = state.health();
                        break;
                    case "reset":
                        if (!method.equals("POST")) {
                            throw unsupported(method, path);
                        }
                        state.reset();
                        body = Map.of("status", "reset");
                        break;
                    default:
                        throw unsupported(method, path);
                }
            } catch (CloudRejection rejection) {
                status = rejection.httpStatus;
                body = error(rejection.code, rejection.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                body = error("InternalFailure", String.valueOf(e));
            }
            byte[] bytes = json.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Object resources(HttpExchange exchange, String method, List<String> path, Map<String, List<String>> query) {
        if (path.size() == 1 && method.equals("GET")) {
            ResourceQuery q = new ResourceQuery(
                    first(query, "type"),
                    query.getOrDefault("tag", List.of()),
                    first(query, "labelPrefix"),
                    first(query, "state"));
            return Map.of("resources", state.resources(q));
        }
        if (path.size() == 2) {
            String nativeId = path.get(1);
            if (method.equals("GET")) {
                return state.resource(nativeId);
            }
            if (method.equals("DELETE")) {
                return state.deleteOutOfBand(nativeId, "true".equalsIgnoreCase(first(query, "checkDependencies")));
            }
        }
        if (path.size() == 3 && path.get(2).equals("objects")) {
            if (method.equals("POST")) {
                Map<String, Object> object = read(exchange, new TypeReference<>() {}, "an object {\"key\": ...}");
                if (!(object.get("key") instanceof String key) || key.isEmpty()) {
                    throw CloudRejection.invalid("an object needs a non-empty string key; found " + object.get("key"));
                }
                return state.putObject(path.get(1), key);
            }
            if (method.equals("DELETE")) {
                return state.emptyBucket(path.get(1));
            }
        }
        throw unsupported(method, path);
    }

    private Map<String, Object> quotasBody(List<CloudQuota> quotas) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", state.health().region());
        body.put("quotas", quotas);
        return body;
    }

    private Map<String, Integer> readQuotas(HttpExchange exchange) {
        return read(exchange, new TypeReference<Map<String, Integer>>() {}, "a map of quota code to value");
    }

    private static Map<String, String> error(String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    private static CloudRejection unsupported(String method, List<String> path) {
        return new CloudRejection(
                404,
                "NotFound",
                "no endpoint " + method + " " + PREFIX + String.join("/", path)
                        + "; see CLOUD-API.md for the endpoints");
    }

    private <T> T read(HttpExchange exchange, Class<T> type, String what) {
        return read(exchange, what, bytes -> json.readValue(bytes, type));
    }

    private <T> T read(HttpExchange exchange, TypeReference<T> type, String what) {
        return read(exchange, what, bytes -> json.readValue(bytes, type));
    }

    /** Parses a JSON body; one beyond {@link #MAX_BODY_BYTES} is refused with 413 (read no further than that). */
    private static <T> T read(HttpExchange exchange, String what, JsonParse<T> parse) {
        try {
            byte[] bytes = CappedBody.read(exchange, MAX_BODY_BYTES, SimulatedCloudServer::tooLarge);
            if (bytes.length == 0) {
                throw CloudRejection.invalid("the body is empty; send " + what);
            }
            return parse.from(bytes);
        } catch (JsonProcessingException e) {
            throw CloudRejection.invalid("the body is not " + what + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The largest request body the cloud reads: its requests are small JSON objects. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    @FunctionalInterface
    private interface JsonParse<T> {
        T from(byte[] bytes) throws IOException;
    }

    private static CloudRejection tooLarge(String found) {
        return new CloudRejection(
                413,
                "RequestTooLarge",
                "the request body of " + found + " bytes is larger than the cloud accepts (" + MAX_BODY_BYTES
                        + " bytes)");
    }

    private static List<String> segments(String rawPath) {
        String rest = rawPath.length() <= PREFIX.length() ? "" : rawPath.substring(PREFIX.length());
        List<String> out = new ArrayList<>();
        for (String part : rest.split("/")) {
            if (!part.isEmpty()) {
                out.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }
}

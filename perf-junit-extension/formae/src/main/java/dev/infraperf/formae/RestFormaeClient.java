package dev.infraperf.formae;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * The REST face of the driver: Formae's API v1, as a real agent (0.75.x and later) and mock-formae
 * serve it. Sends a {@code Client-ID} header on every call, like the CLI does.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RestFormaeClient implements FormaeClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String clientId;
    private final HttpClient http;
    private final Set<String> noChanges = ConcurrentHashMap.newKeySet();

    /** A client of the agent at {@code base} (e.g. {@code http://127.0.0.1:49684}) with a fresh client id. */
    public RestFormaeClient(URI base) {
        this(base, "infra-perf-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A client of the agent at {@code base} calling itself {@code clientId}. */
    public RestFormaeClient(URI base, String clientId) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.clientId = clientId;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The agent's base URI. */
    public URI baseUri() {
        return base;
    }

    /** The {@code Client-ID} this client sends. */
    public String clientId() {
        return clientId;
    }

    @Override
    public String apply(Forma forma, String mode) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("command", "apply");
        fields.put("mode", mode);
        fields.put("simulate", "false");
        return submit(fields, forma);
    }

    @Override
    public String destroy(Forma forma) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("command", "destroy");
        fields.put("simulate", "false");
        return submit(fields, forma);
    }

    @Override
    public String destroyByQuery(String query) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("command", "destroy");
        fields.put("query", query);
        fields.put("simulate", "false");
        return submit(fields, null);
    }

    private String submit(Map<String, String> fields, Forma forma) {
        String boundary = "infraperf" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                                + f.getValue() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (forma != null) {
                body.write(("--" + boundary
                                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"forma.json\"\r\n"
                                + "Content-Type: application/json\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(Files.readAllBytes(forma.requireJson()));
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + forma.jsonFile(), e);
        }
        HttpRequest request = request("/api/v1/commands")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw failure("POST /api/v1/commands (" + fields.get("command") + ")", response);
        }
        JsonNode answer = StatusJson.parse(response.body(), "submit response");
        String id = answer.path("CommandId").asText();
        if (StatusJson.noChangesRequired(answer)) {
            noChanges.add(id);
        }
        return id;
    }

    @Override
    public boolean answeredNoChanges(String commandId) {
        return noChanges.contains(commandId);
    }

    @Override
    public Optional<CommandStatus> status(String commandId) {
        List<CommandStatus> found = statusQuery("id:" + commandId, 1);
        return found.stream().filter(c -> c.commandId().equals(commandId)).findFirst();
    }

    @Override
    public List<CommandStatus> statusQuery(String query, int maxResults) {
        HttpResponse<String> response =
                send(request("/api/v1/commands/status?query=" + encode(query) + "&max_results=" + maxResults)
                        .GET()
                        .build());
        if (StatusJson.isNoCommandsFound(response.statusCode(), response.body())) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw failure("GET /api/v1/commands/status?query=" + query, response);
        }
        return StatusJson.commands(StatusJson.parse(response.body(), "command status"));
    }

    @Override
    public List<String> cancel(String query) {
        HttpResponse<String> response = send(request("/api/v1/commands/cancel?query=" + encode(query))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw failure("POST /api/v1/commands/cancel?query=" + query, response);
        }
        return StatusJson.commandIds(StatusJson.parse(response.body(), "cancel response"));
    }

    @Override
    public Inventory inventory(String query) {
        HttpResponse<String> response =
                send(request("/api/v1/resources?query=" + encode(query)).GET().build());
        if (response.statusCode() == 404) {
            return new Inventory(query, List.of());
        }
        if (response.statusCode() != 200) {
            throw failure("GET /api/v1/resources?query=" + query, response);
        }
        return StatusJson.inventory(query, StatusJson.parse(response.body(), "inventory"));
    }

    @Override
    public void synchronize() {
        HttpResponse<String> response = send(request("/api/v1/admin/synchronize")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (response.statusCode() / 100 != 2) {
            throw failure("POST /api/v1/admin/synchronize", response);
        }
    }

    @Override
    public boolean isHealthy() {
        try {
            HttpResponse<String> response = http.send(
                    request("/api/v1/health")
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String describe() {
        return "REST API v1 at " + base;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(CALL_TIMEOUT)
                .header("Client-ID", clientId)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FormaeApiException(
                    request.method() + " " + request.uri() + " failed: " + e,
                    -1,
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FormaeApiException(request.method() + " " + request.uri() + " interrupted", -1, "Interrupted");
        }
    }

    private static FormaeApiException failure(String call, HttpResponse<String> response) {
        return failure(call, response.statusCode(), response.body());
    }

    /** The exception for an error answer: an {@link AgentFailureException} when the application is gone. */
    static FormaeApiException failure(String call, int statusCode, String body) {
        String error = "";
        try {
            JsonNode node = StatusJson.MAPPER.readTree(body);
            error = node.path("error").asText(node.path("message").asText(""));
        } catch (IOException | RuntimeException ignored) {
            // Not JSON: the body itself goes into the message below.
        }
        String message = call + " answered " + statusCode + ": " + StatusJson.abbreviate(body);
        if (StatusJson.isDeadApplication(statusCode, body)) {
            return new AgentFailureException(
                    "the agent's application is down though GET /api/v1/health answers 200: " + message,
                    statusCode,
                    error);
        }
        return new FormaeApiException(message, statusCode, error);
    }

    private static String encode(String query) {
        return URLEncoder.encode(query == null ? "" : query, StandardCharsets.UTF_8);
    }
}

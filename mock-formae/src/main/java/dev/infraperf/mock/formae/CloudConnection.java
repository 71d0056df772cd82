package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The agent's side of the simulated cloud's operations API ({@code CLOUD-API.md}), the AWS plugin's role. */
final class CloudConnection {

    /** The status of one cloud operation. */
    record OperationResult(
            String requestId,
            String status,
            String nativeId,
            String errorCode,
            String message,
            JsonNode resourceModel) {
        boolean isFinal() {
            return "Success".equals(status) || "Failed".equals(status);
        }

        boolean succeeded() {
            return "Success".equals(status);
        }
    }

    /** The cloud refused the request for now (HTTP 429 Throttling); it may be retried with the same token. */
    static final class ThrottledException extends Exception {
        ThrottledException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The cloud refused the request for good (HTTP 4xx other than 429: an invalid request, a client
     * token reused for another request): sending it again cannot succeed.
     */
    static final class RejectedException extends Exception {
        RejectedException(String message) {
            super(message, null, false, false);
        }
    }

    private final URI base;
    private final HttpClient http;

    CloudConnection(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI uri() {
        return base;
    }

    OperationResult submit(
            String operation,
            String type,
            String label,
            String nativeId,
            JsonNode properties,
            Map<String, String> tags,
            String clientToken)
            throws ThrottledException, RejectedException, IOException {
        ObjectNode body = Forma.JSON.createObjectNode();
        body.put("operation", operation);
        body.put("type", type);
        if (label != null) {
            body.put("label", label);
        }
        if (nativeId != null) {
            body.put("nativeId", nativeId);
        }
        if (properties != null && properties.isObject()) {
            body.set("properties", properties);
        }
        if (tags != null && !tags.isEmpty()) {
            ObjectNode tagNode = body.putObject("tags");
            tags.forEach(tagNode::put);
        }
        if (clientToken != null) {
            body.put("clientToken", clientToken);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/cloud/v1/operations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
        if (response.statusCode() == 429) {
            throw new ThrottledException(errorText(response));
        }
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
            throw new RejectedException("the cloud refused " + operation + " " + type + " with HTTP "
                    + response.statusCode() + " " + errorText(response));
        }
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new IOException("cloud answered " + response.statusCode() + " to " + operation + " " + type + ": "
                    + errorText(response));
        }
        return result(Forma.JSON.readTree(response.body()));
    }

    OperationResult operation(String requestId) throws IOException {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(base.resolve("/cloud/v1/operations/" + encode(requestId)))
                        .GET()
                        .build());
        if (response.statusCode() != 200) {
            throw new IOException("cloud answered " + response.statusCode() + " for operation " + requestId + ": "
                    + errorText(response));
        }
        return result(Forma.JSON.readTree(response.body()));
    }

    Optional<OperationResult> operationByClientToken(String clientToken) throws IOException {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(base.resolve("/cloud/v1/operations?clientToken=" + encode(clientToken)))
                        .GET()
                        .build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("cloud answered " + response.statusCode() + " for client token " + clientToken + ": "
                    + errorText(response));
        }
        return Optional.of(result(Forma.JSON.readTree(response.body())));
    }

    boolean isHealthy() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/cloud/v1/health"))
                                    .GET()
                                    .build())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The JDK's ConnectException and HttpTimeoutException often carry no message at all.
            throw new IOException(
                    "cannot reach the cloud at " + redacted(base) + " (" + request.method() + " "
                            + request.uri().getPath() + "): " + describe(e),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the cloud", e);
        }
    }

    private static OperationResult result(JsonNode node) {
        return new OperationResult(
                text(node, "requestId"),
                text(node, "status"),
                text(node, "nativeId"),
                text(node, "errorCode"),
                text(node, "message"),
                node.get("resourceModel") == null || node.get("resourceModel").isNull()
                        ? null
                        : node.get("resourceModel"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String errorText(HttpResponse<String> response) {
        try {
            JsonNode body = Forma.JSON.readTree(response.body());
            return body.path("error").asText("") + ": " + body.path("message").asText("");
        } catch (IOException | RuntimeException e) {
            return response.body();
        }
    }

    /** The URI with any {@code user:password@} masked, for logs and the ready line. */
    static String redacted(URI uri) {
        if (uri == null || uri.getRawUserInfo() == null) {
            return String.valueOf(uri);
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }

    /** The exception's message, or its class and its causes' where it has none: never "null". */
    static String describe(Throwable e) {
        if (e.getMessage() != null && !e.getMessage().isBlank() && e.getCause() == null) {
            return e.getMessage();
        }
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (Throwable t = e; t != null && seen.size() < 3; t = t.getCause() == t ? null : t.getCause()) {
            String one = t.getClass().getSimpleName()
                    + (t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + t.getMessage());
            seen.add(one);
        }
        return String.join(" <- ", seen);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package dev.infraperf.mock.formae;

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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A small Formae REST client for the tests, speaking what the CLI speaks. */
final class AgentClient {

    /** Status code and parsed JSON body. */
    record Response(int status, JsonNode body, String raw) {}

    private final URI base;
    private final String clientId;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AgentClient(URI base, String clientId) {
        this.base = base;
        this.clientId = clientId;
    }

    Response apply(JsonNode forma, String mode) {
        return submit(Map.of("command", "apply", "mode", mode, "simulate", "false"), forma);
    }

    Response destroy(JsonNode forma) {
        return submit(Map.of("command", "destroy", "simulate", "false"), forma);
    }

    Response submit(Map<String, String> fields, JsonNode forma) {
        String boundary = "----formae" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> ordered = new LinkedHashMap<>(fields);
        ordered.forEach((name, value) -> write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        if (forma != null) {
            write(
                    body,
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"forma.json\"\r\n"
                            + "Content-Type: application/json\r\n\r\n" + forma + "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/commands"))
                .header("Client-ID", clientId)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    Response status(String query, int maxResults) {
        return get("/api/v1/commands/status?query=" + encode(query) + "&max_results=" + maxResults);
    }

    /** The command with this id, which must exist. */
    JsonNode command(String id) {
        Response r = status("id:" + id, 1);
        if (r.status() != 200) {
            throw new AssertionError("status of " + id + " answered " + r.status() + ": " + r.raw());
        }
        return r.body().path("Commands").get(0);
    }

    Response cancel(String query) {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/commands/cancel?query=" + encode(query)))
                .header("Client-ID", clientId)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    Response resources(String query) {
        return get("/api/v1/resources?query=" + encode(query));
    }

    Response synchronize() {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/admin/synchronize"))
                .header("Client-ID", clientId)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    Response get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .header("Client-ID", clientId)
                .GET()
                .build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isEmpty() ? null : Forma.JSON.readTree(raw);
            return new Response(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

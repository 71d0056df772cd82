package dev.infraperf.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@link CloudAudit} and {@link QuotaSource} over the HTTP API of mock-formae's simulated cloud
 * ({@code /cloud/v1}). Spoken over plain HTTP so that the extension needs no class of mock-formae,
 * which stays an optional dependency.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class SimulatedCloudAudit implements CloudAudit, QuotaSource, OperationJournal {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An audit of the simulated cloud at {@code base}, e.g. {@code http://127.0.0.1:41234}. */
    public SimulatedCloudAudit(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    @Override
    public List<CloudResource> resourcesOf(String envId) {
        JsonNode root = get("/cloud/v1/resources");
        List<CloudResource> out = new ArrayList<>();
        for (JsonNode r : root.path("resources")) {
            Map<String, String> tags = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = r.path("tags").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> tag = fields.next();
                tags.put(tag.getKey(), tag.getValue().asText());
            }
            String label = r.path("label").asText("");
            boolean mine = label.startsWith(envId)
                    || tags.values().stream().anyMatch(v -> v.startsWith(envId) || v.endsWith(envId));
            if (mine) {
                String nativeId = r.path("nativeId").asText();
                out.add(new CloudResource(r.path("type").asText(), nativeId, label.isEmpty() ? nativeId : label, tags));
            }
        }
        return out;
    }

    @Override
    public void deleteOutOfBand(CloudResource resource) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/cloud/v1/resources/"
                        + URLEncoder.encode(resource.id(), StandardCharsets.UTF_8)
                                .replace("+", "%20")
                        + "?outOfBand=true"))
                .timeout(Duration.ofSeconds(30))
                .DELETE()
                .build());
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IllegalStateException("simulated cloud: deleting " + resource.describe() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public List<Quota> quotas() {
        List<Quota> out = new ArrayList<>();
        for (JsonNode q : get("/cloud/v1/quotas").path("quotas")) {
            out.add(new Quota(
                    q.path("quotaCode").asText(),
                    q.path("name").asText(),
                    q.path("resourceType").asText(),
                    q.path("value").asDouble(),
                    q.path("usage").asInt()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "simulated cloud at " + base;
    }

    /** From the cloud's operation log ({@code GET /cloud/v1/operations?operation=create}). */
    @Override
    public Map<String, Integer> createsAfterSuccess(String envId) {
        return createsAfterSuccess(get("/cloud/v1/operations?operation=create"), envId);
    }

    /**
     * Reads {@code {"operations":[{"label","status","submittedAt","completedAt"}...]}}: per label, the creates
     * submitted after the first one that succeeded had completed. Creates retried after a throttle or failure
     * come before any success and do not count.
     */
    static Map<String, Integer> createsAfterSuccess(JsonNode root, String envId) {
        Map<String, java.time.Instant> firstSuccess = new LinkedHashMap<>();
        List<JsonNode> creates = new ArrayList<>();
        for (JsonNode op : root.path("operations")) {
            String label = op.path("label").asText("");
            if (!label.startsWith(envId)
                    || !op.path("operation").asText("create").equals("create")) {
                continue;
            }
            creates.add(op);
            if (op.path("status").asText("").equals("Success")
                    && !op.path("completedAt").isNull()
                    && !op.path("completedAt").asText("").isEmpty()) {
                java.time.Instant done =
                        java.time.Instant.parse(op.path("completedAt").asText());
                firstSuccess.merge(label, done, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, Integer> again = new java.util.TreeMap<>();
        for (JsonNode op : creates) {
            java.time.Instant success = firstSuccess.get(op.path("label").asText());
            String submitted = op.path("submittedAt").asText("");
            if (success != null
                    && !submitted.isEmpty()
                    && java.time.Instant.parse(submitted).isAfter(success)) {
                again.merge(op.path("label").asText(), 1, Integer::sum);
            }
        }
        return again;
    }

    /** The simulated cloud's API base URI. */
    public URI base() {
        return base;
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "simulated cloud: GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("simulated cloud: unreadable answer to GET " + path, e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "simulated cloud at " + base + " unreachable: " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling the simulated cloud", e);
        }
    }
}

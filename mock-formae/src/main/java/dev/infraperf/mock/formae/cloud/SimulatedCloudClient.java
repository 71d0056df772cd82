package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed client of the simulated cloud's HTTP API ({@code mock-formae/CLOUD-API.md}). Thread-safe.
 * HTTP errors become {@link CloudApiException}s; a {@code Failed} operation is a normal {@link
 * OperationStatus}.
 */
public final class SimulatedCloudClient {

    private static final TypeReference<Map<String, List<CloudResource>>> RESOURCE_LIST = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<OperationStatus>>> OPERATION_LIST = new TypeReference<>() {};

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration requestTimeout;

    /** A client of the cloud at {@code baseUrl} ({@code http://127.0.0.1:<port>}), 10 s per request. */
    public SimulatedCloudClient(URI baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public SimulatedCloudClient(URI baseUrl, Duration requestTimeout) {
        String text = baseUrl.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public URI baseUrl() {
        return base;
    }

    // ---------------------------------------------------------------- operations

    /**
     * Sends an operation; the answer may already be final.
     *
     * @throws CloudApiException 400 {@code InvalidRequest}, 409 {@code ClientTokenConflict} or 429
     *     {@code Throttling} (see {@link CloudApiException#isThrottling()})
     */
    public OperationStatus submit(OperationRequest request) {
        return send("POST", "/cloud/v1/operations", request, OperationStatus.class);
    }

    /** The status of an operation; throws {@link CloudApiException} 404 when unknown. */
    public OperationStatus operation(String requestId) {
        return send("GET", "/cloud/v1/operations/" + encode(requestId), null, OperationStatus.class);
    }

    /** The operation sent with this client token, if any. */
    public Optional<OperationStatus> operationByClientToken(String clientToken) {
        return optional(() ->
                send("GET", "/cloud/v1/operations?clientToken=" + encode(clientToken), null, OperationStatus.class));
    }

    /**
     * Operations the cloud accepted, in submission order, filtered by every non-null argument; shows
     * for instance how often a resource was created (a re-executed create shows twice).
     *
     * @param label resource label, or null
     * @param type resource type, or null
     * @param operation {@code create}, {@code update}, {@code delete}, {@code read}, or null
     * @param status {@code InProgress}, {@code Success}, {@code Failed}, or null
     */
    public List<OperationStatus> operations(String label, String type, String operation, String status) {
        List<String> params = new ArrayList<>();
        addParam(params, "label", label);
        addParam(params, "type", type);
        addParam(params, "operation", operation);
        addParam(params, "status", status);
        String path = "/cloud/v1/operations" + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return send("GET", path, null, OPERATION_LIST).getOrDefault("operations", List.of());
    }

    private static void addParam(List<String> params, String name, String value) {
        if (value != null) {
            params.add(name + "=" + encode(value));
        }
    }

    /**
     * Polls an operation until it is final.
     *
     * @throws IllegalStateException when it is still in progress after {@code timeout}
     */
    public OperationStatus awaitCompletion(String requestId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long pause = 5;
        while (true) {
            OperationStatus status = operation(requestId);
            if (status.isFinal()) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("operation " + requestId + " (" + status.operation() + " "
                        + status.type() + " " + status.nativeId() + ") was still InProgress after " + timeout);
            }
            sleep(pause);
            pause = Math.min(pause * 2, 100);
        }
    }

    // ---------------------------------------------------------------- resources

    /** Resources matching the query, in creation order. */
    public List<CloudResource> resources(ResourceQuery query) {
        List<String> params = new ArrayList<>();
        if (query.type() != null) {
            params.add("type=" + encode(query.type()));
        }
        for (String tag : query.tags()) {
            params.add("tag=" + encode(tag));
        }
        if (query.labelPrefix() != null) {
            params.add("labelPrefix=" + encode(query.labelPrefix()));
        }
        if (query.state() != null) {
            params.add("state=" + encode(query.state()));
        }
        String path = "/cloud/v1/resources" + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return send("GET", path, null, RESOURCE_LIST).getOrDefault("resources", List.of());
    }

    /** Resources of a type (null = any) carrying all these tags. */
    public List<CloudResource> resources(String type, Map<String, String> tags) {
        ResourceQuery query = ResourceQuery.all().withType(type);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            query = query.withTag(tag.getKey(), tag.getValue());
        }
        return resources(query);
    }

    /** Every resource of the cloud. */
    public List<CloudResource> resources() {
        return resources(ResourceQuery.all());
    }

    public Optional<CloudResource> resource(String nativeId) {
        return optional(() -> send("GET", "/cloud/v1/resources/" + encode(nativeId), null, CloudResource.class));
    }

    /** Removes a resource at once, without dependency checks (drift); empty when it did not exist. */
    public Optional<CloudResource> deleteOutOfBand(String nativeId) {
        return optional(() -> send(
                "DELETE", "/cloud/v1/resources/" + encode(nativeId) + "?outOfBand=true", null, CloudResource.class));
    }

    /**
     * Removes a resource at once if the delete rules allow it.
     *
     * @throws CloudApiException 409 with the rule's code ({@code HostedZoneNotEmpty}, ...)
     */
    public Optional<CloudResource> deleteOutOfBandCheckingDependencies(String nativeId) {
        return optional(() -> send(
                "DELETE",
                "/cloud/v1/resources/" + encode(nativeId) + "?outOfBand=true&checkDependencies=true",
                null,
                CloudResource.class));
    }

    /** Puts an object into a bucket, which then fails deletion with {@code BucketNotEmpty}. */
    public CloudResource putObject(String bucketNativeId, String key) {
        return send(
                "POST",
                "/cloud/v1/resources/" + encode(bucketNativeId) + "/objects",
                Map.of("key", key),
                CloudResource.class);
    }

    /** Removes every object of a bucket. */
    public CloudResource emptyBucket(String bucketNativeId) {
        return send("DELETE", "/cloud/v1/resources/" + encode(bucketNativeId) + "/objects", null, CloudResource.class);
    }

    // ---------------------------------------------------------------- faults, quotas, health

    public CloudFaults faults() {
        return send("GET", "/cloud/v1/faults", null, CloudFaults.class);
    }

    /** Merges these faults into the current ones and returns the result. */
    public CloudFaults setFaults(CloudFaults faults) {
        return send("POST", "/cloud/v1/faults", faults, CloudFaults.class);
    }

    /** Restores the start-up latency scale and rate limit and clears every fault. */
    public void resetFaults() {
        send("DELETE", "/cloud/v1/faults", null, JsonNode.class);
    }

    public List<CloudQuota> quotas() {
        return quotaList(send("GET", "/cloud/v1/quotas", null, JsonNode.class));
    }

    /** Sets one quota value (codes in {@link CloudQuota}). */
    public List<CloudQuota> setQuota(String quotaCode, int value) {
        return quotaList(send("POST", "/cloud/v1/quotas", Map.of(quotaCode, value), JsonNode.class));
    }

    public CloudHealth health() {
        return send("GET", "/cloud/v1/health", null, CloudHealth.class);
    }

    /** Removes every resource and operation and restores start-up faults and quotas. */
    public void reset() {
        send("POST", "/cloud/v1/reset", null, JsonNode.class);
    }

    private List<CloudQuota> quotaList(JsonNode body) {
        try {
            return json.treeToValue(body.get("quotas"), new TypeReference<List<CloudQuota>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the simulated cloud answered quotas in an unexpected shape: " + body, e);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private interface Call<T> {
        T run();
    }

    private static <T> Optional<T> optional(Call<T> call) {
        try {
            return Optional.of(call.run());
        } catch (CloudApiException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T send(String method, String path, Object body, Class<T> type) {
        return json.convertValue(exchange(method, path, body), type);
    }

    private <T> T send(String method, String path, Object body, TypeReference<T> type) {
        return json.convertValue(exchange(method, path, body), type);
    }

    private JsonNode exchange(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, publisher)
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer = response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new CloudApiException(
                        response.statusCode(),
                        answer.path("error").asText("HTTP" + response.statusCode()),
                        answer.path("message").asText(""));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot reach the simulated cloud at " + base + " (" + method + " " + path + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the simulated cloud at " + base, e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the simulated cloud", e);
        }
    }
}

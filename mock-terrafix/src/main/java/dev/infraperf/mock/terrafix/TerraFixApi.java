package dev.infraperf.mock.terrafix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The routes of TerraFix's mock-mode API server and what they do, independent of the HTTP server that carries them.
 * Every handler runs on the caller's (virtual) thread; waits are plain {@link Thread#sleep}, which unmounts a virtual
 * thread instead of holding a platform thread.
 */
final class TerraFixApi {

    /** Bodies above 1 MiB are refused with 413 before they are parsed. */
    static final int MAX_BODY_BYTES = 1 << 20;

    /** Routes and their methods; {@code /openapi.json} documents exactly these (a test keeps both in step). */
    static final Map<String, Set<String>> ROUTES = routes();

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String PR_URL_PREFIX = "https://github.com/mock-org/mock-repo/pull/";

    private static final String SIMULATED_FAILURE = "Simulated processing failure";

    /**
     * An in_progress claim lives for the drawn wait plus this margin (parse time, store round trips, a loaded machine),
     * so that a claim whose answer was lost does not block its failure for the whole retention.
     */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(60);

    /** Reads a request body of at most {@code limit} bytes; answers null when the body is larger. */
    interface Body {
        byte[] readAtMost(int limit) throws IOException;
    }

    private final DedupStore store;
    private final AtomicReference<ProcessingSettings> settings;
    private final TerraformRepositories repositories;
    private final ProcessingStats stats = new ProcessingStats();
    private final byte[] openApi;
    private volatile boolean ready;

    TerraFixApi(DedupStore store, ProcessingSettings initial, TerraformRepositories repositories) {
        this.store = store;
        this.settings = new AtomicReference<>(initial);
        this.repositories = repositories;
        this.openApi = loadOpenApi();
    }

    void markReady(boolean ready) {
        this.ready = ready;
    }

    ProcessingSettings settings() {
        return settings.get();
    }

    private static Map<String, Set<String>> routes() {
        Map<String, Set<String>> routes = new LinkedHashMap<>();
        routes.put("/health", Set.of("GET"));
        routes.put("/ready", Set.of("GET"));
        routes.put("/status", Set.of("GET"));
        routes.put("/metrics", Set.of("GET"));
        routes.put("/stats/reset", Set.of("GET"));
        routes.put("/webhook", Set.of("POST"));
        routes.put("/batch", Set.of("POST"));
        routes.put("/configure", Set.of("POST"));
        routes.put("/openapi.json", Set.of("GET"));
        return Map.copyOf(routes);
    }

    ApiResponse handle(String method, String rawPath, Body body) {
        // Python's http.server collapses leading slashes (GET //health is GET /health), and so does the original.
        String path = rawPath.startsWith("//") ? "/" + rawPath.replaceFirst("^/+", "") : rawPath;
        Set<String> methods = ROUTES.get(path);
        if (methods == null) {
            return error(404, "Not found: no route " + path + "; routes: " + String.join(", ", sortedRoutes()));
        }
        if (!methods.contains(method)) {
            String allowed = String.join(", ", methods.stream().sorted().toList());
            return error(405, "Method " + method + " not allowed on " + path + "; allowed: " + allowed)
                    .withHeader("Allow", allowed);
        }
        try {
            switch (path) {
                case "/health":
                    return json(200, Map.of("status", "healthy"));
                case "/ready":
                    return readiness();
                case "/status":
                    return status();
                case "/metrics":
                    return metrics();
                case "/stats/reset":
                    stats.reset();
                    return json(200, Map.of("message", "Stats reset"));
                case "/openapi.json":
                    return ApiResponse.json(200, openApi);
                default:
                    break;
            }
            byte[] bytes = body.readAtMost(MAX_BODY_BYTES);
            if (bytes == null) {
                return error(
                        413,
                        "Request body exceeds the limit of " + MAX_BODY_BYTES + " bytes (1 MiB); send smaller batches");
            }
            switch (path) {
                case "/webhook":
                    return webhook(bytes);
                case "/batch":
                    return batch(bytes);
                default:
                    return configure(bytes);
            }
        } catch (IOException e) {
            return error(400, "Cannot read the request body: " + e.getMessage());
        } catch (RuntimeException e) {
            return error(500, "Internal error in " + method + " " + path + ": " + e);
        }
    }

    private static List<String> sortedRoutes() {
        return ROUTES.keySet().stream().sorted().toList();
    }

    // ---- GET routes ------------------------------------------------------------------------------------------

    private ApiResponse readiness() {
        if (!ready) {
            return json(503, Map.of("status", "not ready", "reason", "server is not started or is stopping"));
        }
        if (!store.isReady()) {
            return json(503, Map.of("status", "not ready", "reason", "dedup store unavailable: " + store.describe()));
        }
        return json(200, Map.of("status", "ready"));
    }

    private ApiResponse status() {
        ProcessingSettings current = settings.get();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("latency_ms", current.latencyMs());
        config.put("jitter_ms", current.jitterMs());
        config.put("failure_rate", current.failureRate());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "running");
        body.put("mock_mode", true);
        body.put("dedup_store", store.describe());
        body.put("warnings", store.warnings());
        body.put("config", config);
        body.put("stats", stats.snapshot(repositories).toMap());
        return json(200, body);
    }

    private ApiResponse metrics() {
        ProcessingStats.Snapshot snapshot = stats.snapshot(repositories);
        Map<String, Double> latency = snapshot.latencyMs();
        String text = "# HELP terrafix_requests_total Total number of requests\n"
                + "# TYPE terrafix_requests_total counter\n"
                + "terrafix_requests_total{status=\"success\"} " + snapshot.successfulRequests() + "\n"
                + "terrafix_requests_total{status=\"failed\"} " + snapshot.failedRequests() + "\n"
                + "\n"
                + "# HELP terrafix_request_latency_ms Request latency in milliseconds\n"
                + "# TYPE terrafix_request_latency_ms gauge\n"
                + "terrafix_request_latency_ms{quantile=\"0.5\"} " + latency.get("p50") + "\n"
                + "terrafix_request_latency_ms{quantile=\"0.95\"} " + latency.get("p95") + "\n"
                + "terrafix_request_latency_ms{quantile=\"0.99\"} " + latency.get("p99") + "\n"
                + "\n"
                + "# HELP terrafix_requests_per_second Current request rate\n"
                + "# TYPE terrafix_requests_per_second gauge\n"
                + "terrafix_requests_per_second "
                + String.format(Locale.ROOT, "%.2f", snapshot.requestsPerSecond()) + "\n"
                + "\n"
                + "# HELP terrafix_failures_skipped_total Duplicate failures skipped by deduplication\n"
                + "# TYPE terrafix_failures_skipped_total counter\n"
                + "terrafix_failures_skipped_total " + snapshot.skippedDuplicates() + "\n";
        return ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", text);
    }

    // ---- POST /webhook and /batch ----------------------------------------------------------------------------

    /** The outcome of one failure: HTTP status and body, and whether the store was unreachable. */
    private record Outcome(int status, Map<String, Object> body, boolean storeDown) {
        boolean success() {
            return status == 200;
        }
    }

    private ApiResponse webhook(byte[] bytes) {
        long start = System.nanoTime();
        JsonNode body;
        try {
            body = parse(bytes);
        } catch (JsonProcessingException e) {
            stats.recordRequest(false, System.nanoTime() - start);
            return error(400, "Invalid JSON: " + e.getOriginalMessage());
        }
        Outcome outcome = process(body);
        stats.recordRequest(outcome.success(), System.nanoTime() - start);
        return json(outcome.status(), outcome.body());
    }

    private ApiResponse batch(byte[] bytes) {
        long start = System.nanoTime();
        JsonNode body;
        try {
            body = parse(bytes);
        } catch (JsonProcessingException e) {
            return error(400, "Invalid JSON: " + e.getOriginalMessage());
        }
        if (!body.isArray()) {
            return error(
                    400,
                    "Expected array of failures (a JSON array of failure objects), found " + JsonTypes.describe(body));
        }
        List<Outcome> outcomes = new ArrayList<>(body.size());
        // Items run concurrently, each on its own virtual thread: a batch takes about one processing time, not N.
        try (ExecutorService items = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> futures = new ArrayList<>(body.size());
            for (JsonNode item : body) {
                futures.add(items.submit(() -> process(item)));
            }
            for (Future<Outcome> future : futures) {
                outcomes.add(await(future));
            }
        }
        List<Map<String, Object>> results = new ArrayList<>(outcomes.size());
        int successful = 0;
        String storeError = null;
        for (Outcome outcome : outcomes) {
            if (outcome.success()) {
                successful++;
                results.add(outcome.body());
            } else {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("success", false);
                failed.putAll(outcome.body());
                failed.put("status_code", outcome.status());
                results.add(failed);
                if (outcome.storeDown() && storeError == null) {
                    storeError = String.valueOf(outcome.body().get("error"));
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (storeError != null) {
            answer.put("error", storeError);
        }
        answer.put("total", outcomes.size());
        answer.put("successful", successful);
        answer.put("failed", outcomes.size() - successful);
        answer.put("results", results);
        stats.recordRequest(successful == outcomes.size(), System.nanoTime() - start);
        return json(storeError != null ? 503 : 200, answer);
    }

    private static Outcome await(Future<Outcome> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(503, Map.of("error", "server is stopping"), false);
        } catch (ExecutionException e) {
            return new Outcome(500, Map.of("error", "Internal error: " + e.getCause()), false);
        }
    }

    /** Validation, dedup claim, simulated processing and the final dedup record of one failure. */
    private Outcome process(JsonNode body) {
        FailureRequest failure;
        try {
            failure = FailureRequest.from(body);
        } catch (FailureRequest.Invalid invalid) {
            return new Outcome(400, FailureRequest.errorBody(invalid), false);
        }
        String hash = failureHash(failure.testId(), failure.resourceArn());
        FailureRecord claimed = FailureRecord.inProgress(failure.testId(), failure.resourceArn());
        ProcessingSettings current = settings.get();
        long wait = current.drawWaitNanos();
        try {
            DedupStore.Claim claim =
                    store.claim(hash, claimed, Duration.ofNanos(wait).plus(LEASE_MARGIN));
            if (claim.kind() == DedupStore.Claim.Kind.RECOVERED) {
                // An earlier attempt completed it but answered 503: this is that attempt's answer, not a duplicate.
                return completion(failure, hash, claim.existing().prUrl());
            }
            if (!claim.claimed()) {
                stats.recordSkipped();
                Map<String, Object> skipped = new LinkedHashMap<>();
                skipped.put("success", true);
                skipped.put("skipped", true);
                skipped.put("failure_hash", hash);
                skipped.put("status", claim.existing().status());
                if (claim.existing().prUrl() != null) {
                    skipped.put("pr_url", claim.existing().prUrl());
                }
                skipped.put(
                        "message",
                        "Duplicate failure skipped: already " + claim.existing().status());
                return new Outcome(200, skipped, false);
            }
            return simulate(failure, hash, claimed, current, wait);
        } catch (StoreUnavailableException e) {
            stats.recordStoreUnavailable();
            return new Outcome(503, Map.of("error", e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(503, Map.of("error", "server is stopping"), false);
        }
    }

    private Outcome simulate(
            FailureRequest failure, String hash, FailureRecord claimed, ProcessingSettings current, long wait)
            throws InterruptedException {
        Map<String, Object> analysed = analyse(failure);
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                release(hash, claimed);
                throw e;
            }
        }
        if (current.drawFailure()) {
            store.finish(hash, claimed, claimed.failed(SIMULATED_FAILURE));
            // Exactly the original's body: Locust groups its failures table by this text.
            return new Outcome(500, Map.of("error", SIMULATED_FAILURE), false);
        }
        String prUrl = PR_URL_PREFIX + Long.parseLong(hash.substring(0, 12), 16) % 10_000;
        store.finish(hash, claimed, claimed.completed(prUrl));
        return answer(hash, prUrl, analysed);
    }

    /** The answer of a completion that an earlier attempt stored but could not report. */
    private Outcome completion(FailureRequest failure, String hash, String prUrl) {
        return answer(hash, prUrl, analyse(failure));
    }

    private static Outcome answer(String hash, String prUrl, Map<String, Object> analysed) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("success", true);
        ordered.put("pr_url", prUrl);
        ordered.put("failure_hash", hash);
        ordered.put("message", "Mock processing completed successfully");
        ordered.put("skipped", false);
        ordered.putAll(analysed);
        return new Outcome(200, ordered, false);
    }

    /** Parses the repository of the requested size and looks the resource up; nothing when no size was asked for. */
    private Map<String, Object> analyse(FailureRequest failure) {
        Map<String, Object> answer = new LinkedHashMap<>();
        if (failure.repoSize() != null) {
            TerraformRepositories.Analysis analysis =
                    repositories.analyse(failure.repoSize(), failure.resourceType(), failure.resourceArn());
            stats.recordParse(failure.repoSize(), analysis.parseNanos());
            answer.put("repo_size", failure.repoSize().label());
            if (analysis.address() != null) {
                // Absent, not null, when the type is missing or unmapped: the schema says string.
                answer.put("terraform_resource", analysis.address());
            }
            answer.put("resources_parsed", analysis.resourcesParsed());
        }
        return answer;
    }

    /** The server is stopping mid-processing: mark the claim failed so that a resent copy is processed. */
    private void release(String hash, FailureRecord claimed) {
        boolean interrupted = Thread.interrupted();
        try {
            store.finish(hash, claimed, claimed.failed("server stopped while processing"));
        } catch (RuntimeException ignored) {
            // best effort: the claim's lease ends it anyway
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** TerraFix's {@code generate_failure_hash}: sha256 of {@code test_id + "-" + resource_arn}, hex. */
    static String failureHash(String testId, String resourceArn) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((testId + "-" + resourceArn).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---- POST /configure -------------------------------------------------------------------------------------

    private static final Set<String> CONFIGURE_KEYS = Set.of("latency_ms", "jitter_ms", "failure_rate");

    private ApiResponse configure(byte[] bytes) {
        JsonNode body;
        try {
            body = parse(bytes);
        } catch (JsonProcessingException e) {
            return error(400, "Invalid JSON: " + e.getOriginalMessage());
        }
        if (!body.isObject()) {
            return error(
                    400,
                    "body must be a JSON object like {\"latency_ms\": 200, \"failure_rate\": 0.1}, found "
                            + JsonTypes.describe(body));
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CONFIGURE_KEYS.contains(name)) {
                return error(400, "unknown key '" + name + "'; accepted: latency_ms, jitter_ms, failure_rate", name);
            }
        }
        ProcessingSettings current = settings.get();
        double latency;
        double jitter;
        double failureRate;
        try {
            latency = number(body, "latency_ms", current.latencyMs());
            jitter = number(body, "jitter_ms", current.jitterMs());
            failureRate = number(body, "failure_rate", current.failureRate());
        } catch (FailureRequest.Invalid invalid) {
            return json(400, FailureRequest.errorBody(invalid));
        }
        if (!(latency >= 0 && latency <= ProcessingSettings.MAX_MS)) {
            return error(400, outOfRange("latency_ms", body), "latency_ms");
        }
        if (!(jitter >= 0 && jitter <= ProcessingSettings.MAX_MS)) {
            return error(400, outOfRange("jitter_ms", body), "jitter_ms");
        }
        if (failureRate < 0 || failureRate > 1) {
            return error(400, "failure_rate must be within [0, 1], found " + body.get("failure_rate"), "failure_rate");
        }
        settings.set(new ProcessingSettings(latency, jitter, failureRate));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Configuration updated");
        answer.put("latency_ms", latency);
        answer.put("failure_rate", failureRate);
        answer.put("jitter_ms", jitter);
        return json(200, answer);
    }

    private static String outOfRange(String key, JsonNode body) {
        return key + " must be within [0, " + (long) ProcessingSettings.MAX_MS + "] (ms, at most 10 minutes), found "
                + body.get(key);
    }

    /**
     * A number, or a numeric string as Python's {@code float()} reads it (the original calls {@code float(value)});
     * absent keeps {@code fallback}. Null is refused as the original's {@code float(None)} is.
     */
    private static double number(JsonNode body, String key, double fallback) throws FailureRequest.Invalid {
        JsonNode value = body.get(key);
        if (value == null) {
            return fallback;
        }
        double parsed = Double.NaN;
        if (value.isNumber()) {
            parsed = value.doubleValue();
        } else if (value.isTextual()) {
            parsed = PythonFloat.parse(value.textValue()).orElse(Double.NaN);
        }
        if (!Double.isFinite(parsed)) {
            throw new FailureRequest.Invalid(
                    key,
                    key + " must be a number (or a numeric string such as \"200\"), found "
                            + JsonTypes.describe(value));
        }
        return parsed;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /**
     * Reads a body as the original does, {@code json.loads(body.decode("utf-8"))}: UTF-8 only, so a UTF-8 byte-order
     * mark, bytes that are not UTF-8 and zero bytes that Jackson would take for UTF-16 or UTF-32 are invalid JSON.
     */
    private static JsonNode parse(byte[] bytes) throws JsonProcessingException {
        if (bytes.length == 0) {
            throw new InvalidBody("empty body; send a JSON document");
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            throw new InvalidBody("Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)");
        }
        try {
            if (jacksonWouldGuessAnotherEncoding(bytes)) {
                return JSON.readTree(strictUtf8(bytes));
            }
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidBody("body is not UTF-8 JSON (" + e.getMessage() + ")");
        }
    }

    /** Jackson detects UTF-16/32 from zero bytes or a UTF-16/32 byte-order mark in the first four bytes. */
    private static boolean jacksonWouldGuessAnotherEncoding(byte[] bytes) {
        int first = bytes[0] & 0xff;
        if (first == 0xFE || first == 0xFF) {
            return true;
        }
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String strictUtf8(byte[] bytes) throws InvalidBody {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidBody("body is not valid UTF-8 (" + e + ")");
        }
    }

    /** A body that is not a JSON document; Python's json.loads("") fails too, so say plainly what happened. */
    private static final class InvalidBody extends JsonProcessingException {
        InvalidBody(String message) {
            super(message);
        }
    }

    /** {@code {"error": message}} as JSON bytes, for answers the HTTP server gives before routing. */
    static byte[] errorJson(String message) {
        try {
            return JSON.writeValueAsBytes(Map.of("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message, e);
        }
    }

    private static ApiResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    private static ApiResponse error(int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        return json(status, body);
    }

    private static ApiResponse json(int status, Object body) {
        try {
            return ApiResponse.json(status, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body, e);
        }
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = TerraFixApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the mock-terrafix jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.infraperf.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * Debian's {@code chromium} in headless mode, driven over the DevTools protocol (a WebSocket on
 * loopback): opens a page, collects console errors, uncaught exceptions and failed loads, evaluates
 * JavaScript and takes screenshots. No browser is downloaded; a missing chromium aborts the test.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The chromium binary, or a skipped test saying why there is none. */
    static Path binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path p = Paths.get(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new TestAbortedException(
                "no chromium at /usr/bin/chromium (Debian package 'chromium'): browser test skipped");
    }

    static HeadlessChromium start() throws Exception {
        Path binary = binary();
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--hide-scrollbars",
                        "--window-size=1280,1000",
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!Files.isRegularFile(portFile)
                    || Files.readAllLines(portFile).size() < 2) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new TestAbortedException("chromium did not start its DevTools endpoint: "
                            + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            JsonNode targets = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String pageSocket = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    pageSocket = t.get("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("chromium has no page target: " + targets);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            Listener listener = new Listener(node -> self[0].onMessage(node));
            WebSocket socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create(pageSocket), listener)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, socket);
            self[0].call("Runtime.enable", JSON.createObjectNode());
            self[0].call("Log.enable", JSON.createObjectNode());
            self[0].call("Page.enable", JSON.createObjectNode());
            return self[0];
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Navigates and waits for the load event, then {@code settle} for scripts that render late. */
    void open(URI url, Duration settle) throws Exception {
        errors.clear();
        loaded = new CompletableFuture<>();
        ObjectNode params = JSON.createObjectNode().put("url", url.toString());
        call("Page.navigate", params);
        loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Thread.sleep(settle.toMillis());
    }

    /** Same-document navigation (no load event): sets {@code location.hash}. */
    void openHash(String hash, Duration settle) throws Exception {
        evaluate("location.hash = '" + hash + "'");
        Thread.sleep(settle.toMillis());
    }

    /** The value of a JavaScript expression (primitive or JSON-serialisable). */
    JsonNode evaluate(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("evaluating [" + expression + "] threw " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code expression} is true, up to {@code timeout}; returns whether it became true. */
    boolean waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate(expression).asBoolean(false)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A full-page PNG screenshot written to {@code file}. */
    void screenshot(Path file) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", false);
        JsonNode result = call("Page.captureScreenshot", params);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(result.get("data").asText()));
    }

    /** Console errors, uncaught exceptions and failed loads seen so far. */
    List<String> errors() {
        return new ArrayList<>(errors);
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, future);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode response = future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    private void onMessage(JsonNode node) {
        if (node.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
            if (f != null) {
                f.complete(node);
            }
            return;
        }
        String method = node.path("method").asText();
        JsonNode params = node.path("params");
        switch (method) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText())
                        || "assert".equals(params.path("type").asText())) {
                    errors.add("console." + params.path("type").asText() + ": " + params.path("args"));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                if ("error".equals(params.path("entry").path("level").asText())) {
                    errors.add("log: " + params.path("entry").path("text").asText() + " "
                            + params.path("entry").path("url").asText());
                }
            }
            default -> {
                // other events are not needed
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Collects whole text messages (they may arrive in fragments) and hands them over as JSON. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<JsonNode> sink;
        private final StringBuilder buffer = new StringBuilder();

        Listener(java.util.function.Consumer<JsonNode> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    sink.accept(JSON.readTree(text));
                } catch (IOException e) {
                    throw new IllegalStateException("DevTools sent invalid JSON", e);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}

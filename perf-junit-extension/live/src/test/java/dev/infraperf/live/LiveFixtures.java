package dev.infraperf.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.LoadResult;
import dev.infraperf.load.LoadTarget;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Task;
import dev.infraperf.load.VirtualUser;
import dev.infraperf.load.WaitTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.TestAbortedException;

/** A loopback target, a fixture test class with one load phase, and the HTTP and parsing helpers of the tests. */
final class LiveFixtures {
    private LiveFixtures() {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The fixture's result, set by its test method. */
    static final AtomicReference<PhaseResult> LAST_RESULT = new AtomicReference<>();

    /** Answers {@code {"ok":true}}; every 50th request gets a 500, so the phase has a few status failures. */
    static final class Target implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        final AtomicLong requests = new AtomicLong();

        Target() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                boolean fail = requests.incrementAndGet() % 50 == 0;
                byte[] body = (fail ? "{\"ok\":false}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** One GET per task, 20 ms between tasks: about 50 requests/s per user. */
    public static final class SteadyUser extends VirtualUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(Duration.ofMillis(20));
        }

        @Task
        void get() {
            http().get("/orders").send();
        }
    }

    /** Run by the engine test kit only. */
    static class TwelveSecondPhase {
        @Test
        @LoadPhase(name = "steady", users = 4, spawnRate = 4, duration = "12s", user = SteadyUser.class)
        void steady(LoadResult result) {
            LAST_RESULT.set(result.phase("steady"));
        }
    }

    /** Run by the engine test kit only: long enough for two headless Chromium visits mid-phase. */
    static class TwentySecondPhase {
        @Test
        @LoadPhase(name = "browsed", users = 4, spawnRate = 4, duration = "20s", user = SteadyUser.class)
        void browsed(LoadResult result) {
            LAST_RESULT.set(result.phase("browsed"));
        }
    }

    /** A fixture run in the background, with its console output captured. */
    static final class BackgroundRun {
        final CompletableFuture<EngineExecutionResults> results;
        private final ByteArrayOutputStream console;
        private final PrintStream original;

        private BackgroundRun(
                CompletableFuture<EngineExecutionResults> results,
                ByteArrayOutputStream console,
                PrintStream original) {
            this.results = results;
            this.console = console;
            this.original = original;
        }

        /** Starts {@code fixture} against {@code target}; console lines go to the original out and are kept. */
        static BackgroundRun start(Class<?> fixture, Target target, Path resultsDir) {
            LAST_RESULT.set(null);
            PrintStream original = System.out;
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            PrintStream tee = new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            synchronized (console) {
                                console.write(b);
                            }
                            original.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            synchronized (console) {
                                console.write(b, off, len);
                            }
                            original.write(b, off, len);
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
            System.setOut(tee);
            CompletableFuture<EngineExecutionResults> results =
                    CompletableFuture.supplyAsync(() -> EngineTestKit.engine("junit-jupiter")
                            .selectors(selectClass(fixture))
                            .configurationParameter(
                                    LoadTarget.URL_KEY, target.uri().toString())
                            .configurationParameter(LoadPhase.PROGRESS_KEY, "true")
                            .configurationParameter("perf.results.dir", resultsDir.toString())
                            .execute());
            return new BackgroundRun(results, console, original);
        }

        EngineExecutionResults await() throws Exception {
            try {
                return results.get(60, TimeUnit.SECONDS);
            } finally {
                System.setOut(original);
            }
        }

        List<String> consoleLines() {
            synchronized (console) {
                return List.of(console.toString(StandardCharsets.UTF_8).split("\\R"));
            }
        }
    }

    static String get(URI uri) throws IOException, InterruptedException {
        return get(uri, null).body();
    }

    static HttpResponse<String> get(URI uri, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The live server's URL once the first phase has started it; fails after {@code timeout}. */
    static URI awaitLiveUrl(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var url = LivePage.url();
            if (url.isPresent()) {
                return url.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Expecting the live server to start within " + timeout + ", but it did not");
    }

    /** Polls {@code /api/state} until the current phase named {@code phase} has at least {@code ok} successes. */
    static JsonNode awaitCurrent(URI live, String phase, long ok, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            state = JSON.readTree(get(live.resolve("/api/state")));
            JsonNode current = state.path("current");
            if (current.path("phase").asText().equals(phase)
                    && current.path("running").asBoolean()
                    && current.path("ok").asLong() >= ok) {
                return current;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Expecting phase " + phase + " to run with at least " + ok + " successes within "
                + timeout + ", but the last state was " + state);
    }

    /** One sample of a parsed scrape. */
    record Sample(String name, JsonNode labels, double value) {
        String label(String name) {
            return labels.path(name).asText();
        }
    }

    /**
     * Parses a scrape with the Prometheus Python client's parser ({@code prometheus_client} from PyPI); skips the test
     * when there is no python3 with that package.
     */
    static List<Sample> parse(String text, String format) throws Exception {
        Path dir = Files.createTempDirectory("live-metrics");
        Path script = dir.resolve("parse_metrics.py");
        try (InputStream in = LiveFixtures.class.getResourceAsStream("parse_metrics.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path scrape = dir.resolve("scrape.txt");
        Files.writeString(scrape, text);
        Process check;
        try {
            check = new ProcessBuilder("python3", "-c", "import prometheus_client")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new TestAbortedException("no python3 on PATH: the scrape is parsed with Python's prometheus_client");
        }
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            throw new TestAbortedException("python3 has no prometheus_client (pip install prometheus-client): the"
                    + " scrape is parsed with its OpenMetrics parser");
        }
        Process p = new ProcessBuilder("python3", script.toString(), scrape.toString(), format).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("prometheus_client's %s parser on%n%s%nsaid: %s", format, text, err)
                .isZero();
        List<Sample> samples = new ArrayList<>();
        for (JsonNode family : JSON.readTree(out).path("families")) {
            for (JsonNode s : family.path("samples")) {
                samples.add(new Sample(
                        s.path("name").asText(),
                        s.path("labels"),
                        s.path("value").asDouble()));
            }
        }
        return samples;
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (name, value, ...). */
    static double sum(List<Sample> samples, String name, String... labels) {
        double total = 0;
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < labels.length; i += 2) {
                match &= s.label(labels[i]).equals(labels[i + 1]);
            }
            if (match) {
                total += s.value();
            }
        }
        return total;
    }
}

package dev.infraperf.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.load.RunListener;
import dev.infraperf.reports.model.StateSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The live server")
class LiveServerTest {

    @Test
    @DisplayName("takes a free port when its port is taken, and runs on daemon threads only")
    void portConflictFallsBackToAFreePortOnDaemonThreads() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LiveServer server = LiveServer.start(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            try {
                assertThat(server.url().getPort()).isPositive().isNotEqualTo(taken.getLocalPort());
                assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
                HttpResponse<String> page = LiveFixtures.get(server.url(), null);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("id=\"chart-throughput\"", "/static/uPlot.iife.min.js");
                assertThat(LiveFixtures.get(server.url().resolve("/static/uPlot.iife.min.js"), null)
                                .body())
                        .startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */");
                assertThat(LiveFixtures.get(server.url().resolve("/static/uPlot.LICENSE"), null)
                                .body())
                        .contains("The MIT License");
                assertThat(Thread.getAllStackTraces().keySet())
                        .filteredOn(t -> t.getName().startsWith("HTTP-Dispatcher"))
                        .isNotEmpty()
                        .allSatisfy(t -> assertThat(t.isDaemon())
                                .as("%s is a daemon", t.getName())
                                .isTrue());
            } finally {
                server.stop();
            }
        }
    }

    @Test
    @DisplayName("answers GET and HEAD only")
    void onlyGetAndHead() throws Exception {
        LiveServer server = LiveServer.start(InetAddress.getLoopbackAddress(), 0);
        try {
            HttpResponse<String> post = LiveFixtures.HTTP.send(
                    HttpRequest.newBuilder(server.url().resolve("/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(LiveFixtures.get(server.url().resolve("/nothing-here"), null)
                            .statusCode())
                    .isEqualTo(404);
        } finally {
            server.stop();
        }
    }

    @Test
    @DisplayName("serves a reported run directory's files and nothing outside it")
    void runFilesStayInsideTheirDirectory(@TempDir Path root) throws Exception {
        Path run = Files.createDirectories(root.resolve("20261201-101010-SomeTest-method"));
        Files.writeString(run.resolve("experiment_summary.html"), "<html>summary</html>");
        Files.writeString(root.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(run.resolve("escape.txt"), root.resolve("secret.txt"));
        RunFiles files = new RunFiles();
        String link = files.register(run.resolve("experiment_summary.html")).orElseThrow();
        assertThat(link).isEqualTo("/runs/20261201-101010-SomeTest-method/experiment_summary.html");

        assertThat(files.resolve(link))
                .hasValue(run.resolve("experiment_summary.html").toRealPath());
        String base = "/runs/20261201-101010-SomeTest-method/";
        assertThat(files.resolve(base + "../secret.txt")).isEmpty();
        assertThat(files.resolve(base + "..%2fsecret.txt")).isEmpty();
        assertThat(files.resolve(base + "/etc/passwd")).isEmpty();
        assertThat(files.resolve(base + "escape.txt")).as("a symbolic link out").isEmpty();
        assertThat(files.resolve(base)).isEmpty();
        assertThat(files.resolve("/runs/unknown/experiment_summary.html")).isEmpty();
        assertThat(files.resolve("/runs/../secret.txt")).isEmpty();
    }

    @Test
    @DisplayName("answers 404 to a path that climbs out of a run directory over raw HTTP")
    void traversalOverTheWire() throws Exception {
        LiveServer server = LiveServer.start(InetAddress.getLoopbackAddress(), 0);
        try {
            for (String path : new String[] {
                "/runs/x/../../../../etc/passwd", "/runs/x/%2e%2e/%2e%2e/etc/passwd", "/static/../LiveServer.class"
            }) {
                assertThat(rawGet(server.url(), path)).as(path).startsWith("HTTP/1.1 404");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    @DisplayName("shows a Formae command's resource updates per state in /metrics")
    void formaeSamplesBecomeGauges() throws Exception {
        LiveRun run = new LiveRun(new RunFiles());
        run.formae(new RunListener.FormaeSample(
                "perf-200", "cmd-1", new StateSample(Duration.ofSeconds(1), 150, 40, 10, 0, 0)));
        run.formae(new RunListener.FormaeSample(
                "perf-200", "cmd-1", new StateSample(Duration.ofSeconds(2), 100, 50, 48, 2, 0)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LiveMetrics.write(run, null, out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("# TYPE infraperf_formae_resource_updates gauge")
                .contains("infraperf_formae_resource_updates{command_id=\"cmd-1\",stack=\"perf-200\",state=\"success\"}"
                        + " 48.0")
                .contains("infraperf_formae_resource_updates{command_id=\"cmd-1\",stack=\"perf-200\",state=\"failed\"}"
                        + " 2.0");
        assertThat(LiveFixtures.sum(
                        LiveFixtures.parse(text, "prometheus"),
                        "infraperf_formae_resource_updates",
                        "state",
                        "waiting"))
                .isEqualTo(100);
        assertThat(PageState.of(run).get("formae").toString()).contains("cmd-1", "success=[10.0, 48.0]");
    }

    private static String rawGet(URI server, String path) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

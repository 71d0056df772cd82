package dev.infraperf.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.infraperf.config.PerfConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live page's HTTP server (JDK {@code com.sun.net.httpserver}): one per JVM, started on the first event, stopped
 * when the test run ends. All its threads are daemons (the dispatcher is started from a daemon thread, whose status
 * it inherits; requests run on virtual threads), so it never keeps a JVM alive. It serves {@code GET} only:
 *
 * <ul>
 *   <li>{@code /}: the page, and {@code /static/*}: its script, style sheet and the vendored uPlot;
 *   <li>{@code /api/state}: the JSON the page polls;
 *   <li>{@code /metrics}: Prometheus text format, OpenMetrics when asked for;
 *   <li>{@code /runs/<run id>/...}: the run directories of reported phases, read-only ({@link RunFiles}).
 * </ul>
 */
final class LiveServer {

    /** The JVM's run: kept across a restart of the server so that the page still lists earlier phases. */
    static final RunFiles FILES = new RunFiles();

    static final LiveRun RUN = new LiveRun(FILES);

    private static final Map<String, String> STATIC = Map.of(
            "live.js", "text/javascript; charset=utf-8",
            "live.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8",
            "uPlot.LICENSE", "text/plain; charset=utf-8");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object();
    private static LiveServer running;
    private static boolean disabledNoted;

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI url;

    private LiveServer(HttpServer server, ExecutorService executor, URI url) {
        this.server = server;
        this.executor = executor;
        this.url = url;
    }

    URI url() {
        return url;
    }

    static Optional<LiveServer> running() {
        synchronized (LOCK) {
            return Optional.ofNullable(running);
        }
    }

    /** The running server, started now if it is not; empty when {@code perf.live=false} or it cannot start. */
    static Optional<LiveServer> ensureStarted(PerfConfig config) {
        synchronized (LOCK) {
            if (running != null) {
                return Optional.of(running);
            }
            if (!config.getBoolean(LivePage.ENABLED_KEY, true)) {
                if (!disabledNoted) {
                    disabledNoted = true;
                    System.out.println("[live] off (" + LivePage.ENABLED_KEY + "=false)");
                }
                return Optional.empty();
            }
            String host = config.get(LivePage.HOST_KEY, "127.0.0.1");
            int port = config.getInt(LivePage.PORT_KEY, LivePage.DEFAULT_PORT);
            try {
                running = start(InetAddress.getByName(host), port);
                return Optional.of(running);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(LivePage.HOST_KEY + " = [" + host + "] is not an address of this"
                        + " machine; use an IP address such as 127.0.0.1 (the default) or a resolvable host name");
            } catch (IOException e) {
                System.out.println("[live] could not start the live server on " + host + ": " + e);
                return Optional.empty();
            }
        }
    }

    /** Stops the running server, if any; the next event starts a new one. */
    static void stopRunning() {
        synchronized (LOCK) {
            if (running != null) {
                running.stop();
                running = null;
            }
        }
    }

    /** A server of its own (tests); {@link #ensureStarted} keeps the JVM's one. */
    static LiveServer start(InetAddress address, int port) throws IOException {
        HttpServer server;
        String note = "";
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 64);
        } catch (BindException e) {
            if (port == 0) {
                throw e;
            }
            server = HttpServer.create(new InetSocketAddress(address, 0), 64);
            note = " (port " + port + " was taken)";
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        String host = address.getHostAddress().contains(":")
                ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
        LiveServer live = new LiveServer(server, executor, url);
        server.createContext("/", live::handle);
        // the dispatcher thread inherits the daemon status of the thread that starts the server
        HttpServer started = server;
        Thread starter =
                Thread.ofPlatform().daemon().name("infra-perf-live-start").unstarted(started::start);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("[live] watch this run at " + url + note + "; Prometheus metrics at " + url + "metrics ("
                + LivePage.ENABLED_KEY + "=false turns this off)");
        return live;
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", bytes("only GET and HEAD\n"), false);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
                send(exchange, 200, "text/html; charset=utf-8", resource("index.html"), head);
            } else if (path.startsWith("/static/") && STATIC.containsKey(path.substring("/static/".length()))) {
                String name = path.substring("/static/".length());
                send(exchange, 200, STATIC.get(name), resource(name), head);
            } else if (path.equals("/api/state")) {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(PageState.of(RUN)), head);
            } else if (path.equals("/metrics")) {
                String accept = exchange.getRequestHeaders().getFirst("Accept");
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                LiveMetrics.write(RUN, accept, body);
                send(exchange, 200, LiveMetrics.contentType(accept), body.toByteArray(), head);
            } else {
                Optional<Path> file = FILES.resolve(path);
                if (file.isPresent()) {
                    send(exchange, 200, RunFiles.contentType(file.get()), Files.readAllBytes(file.get()), head);
                } else {
                    send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"), head);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or a bug: answer if still possible, never take the server down
            try {
                send(exchange, 500, "text/plain; charset=utf-8", bytes("error: " + e + "\n"), false);
            } catch (IOException | RuntimeException ignored) {
                // headers already sent
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LiveServer.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IOException("resource page/" + name + " is missing from infra-perf-live");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

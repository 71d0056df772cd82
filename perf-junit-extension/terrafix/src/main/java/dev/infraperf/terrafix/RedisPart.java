package dev.infraperf.terrafix;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.Docker;
import dev.infraperf.parts.Executables;
import dev.infraperf.parts.FreePort;
import dev.infraperf.parts.PartCandidate;
import dev.infraperf.parts.PartResolver;
import dev.infraperf.parts.PartUnavailableException;
import dev.infraperf.parts.ResolvedPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Resolves a Redis server, in the documented order:
 *
 * <ol>
 *   <li>{@code perf.redis.url} / {@code PERF_REDIS_URL} / {@code REDIS_URL}: a running server, checked with PING;
 *   <li>Docker present: a Testcontainers {@code redis:7} container;
 *   <li>a {@code redis-server} on {@code PATH}, started on a free loopback port without persistence.
 * </ol>
 *
 * When none applies the caller falls back to its own default (mock-terrafix has an in-memory dedup
 * store) or lets the {@link PartUnavailableException} skip the test.
 */
final class RedisPart {

    static final String IMAGE = "redis:7";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private RedisPart() {}

    /** The Redis URI ({@code redis://127.0.0.1:port}) and how it was found. */
    static ResolvedPart<URI> resolve(PerfConfig config) {
        return PartResolver.<URI>of("Redis")
                .candidate(() -> configured(config))
                .candidate(RedisPart::container)
                .candidate(RedisPart::localServer)
                .resolve();
    }

    private static PartCandidate.Attempt<URI> configured(PerfConfig config) throws IOException {
        var value = config.lookup(PerfConfig.REDIS_URL);
        if (value.isEmpty()) {
            return PartCandidate.Attempt.absent("no REDIS_URL");
        }
        URI uri = URI.create(value.get().value().strip());
        if (uri.getHost() == null) {
            throw new IOException(value.get().describe() + " is not a Redis URL; use redis://host:port[/db]");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        if (!ping(uri.getHost(), port)) {
            throw new IOException(value.get().describe() + " does not answer PING on " + uri.getHost() + ":" + port);
        }
        return PartCandidate.Attempt.found(
                uri,
                "using " + PerfConfig.maskedUri(uri) + " from " + value.get().origin());
    }

    private static PartCandidate.Attempt<URI> container() {
        if (!Docker.testcontainersPresent()) {
            return PartCandidate.Attempt.absent(
                    "no Testcontainers on the classpath (add org.testcontainers:testcontainers" + " to use Docker)");
        }
        return Container.start();
    }

    /** Only loaded when Testcontainers is on the classpath. */
    private static final class Container {
        static PartCandidate.Attempt<URI> start() {
            if (!Docker.isAvailable()) {
                return PartCandidate.Attempt.absent("no Docker");
            }
            @SuppressWarnings("resource") // closed through the ResolvedPart
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(6379);
            redis.start();
            URI uri = URI.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
            return PartCandidate.Attempt.found(uri, "Testcontainers " + IMAGE + " at " + uri, redis::stop);
        }
    }

    private static PartCandidate.Attempt<URI> localServer() throws IOException, InterruptedException {
        var binary = Executables.onPath("redis-server");
        if (binary.isEmpty()) {
            return PartCandidate.Attempt.absent("no redis-server on PATH");
        }
        int port = FreePort.pick();
        Process process = new ProcessBuilder(List.of(
                        binary.get().toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!ping("127.0.0.1", port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException(binary.get() + " did not answer PING on 127.0.0.1:" + port + " within "
                        + STARTUP.toSeconds() + " s (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            Thread.sleep(20);
        }
        URI uri = URI.create("redis://127.0.0.1:" + port);
        return PartCandidate.Attempt.found(
                uri, "redis-server " + version(binary.get()) + " started on 127.0.0.1:" + port, () -> stop(process));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Sends an inline PING and expects {@code +PONG}; any error means no. */
    static boolean ping(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String version(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(5, TimeUnit.SECONDS);
            int v = out.indexOf("v=");
            if (v >= 0) {
                int end = out.indexOf(' ', v);
                return out.substring(v + 2, end < 0 ? out.length() : end).strip();
            }
        } catch (IOException e) {
            return "(version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "(version unknown)";
    }
}

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
        URI uri = parse(value.get().value().strip(), value.get().describe());
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        String problem = probe(uri.getHost(), port, uri.getRawUserInfo());
        if (problem != null) {
            throw new IOException(value.get().describe() + " " + problem + " on " + uri.getHost() + ":" + port);
        }
        return PartCandidate.Attempt.found(
                uri,
                "using " + PerfConfig.maskedUri(uri) + " from " + value.get().origin());
    }

    /**
     * {@code redis://[user:password@]host[:port][/db]}. A password holding {@code /}, {@code ?}, {@code #} or
     * {@code @} must be percent-encoded ({@code %2F}): unencoded, the URL's host would be read from the password.
     */
    static URI parse(String text, String described) throws IOException {
        String accepted = "; use redis://[user:password@]host[:port][/db], percent-encoding reserved characters of"
                + " the password (/ as %2F, @ as %40, ? as %3F, # as %23)";
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IOException(described + " is not a Redis URL" + accepted);
        }
        int scheme = text.indexOf("://");
        String afterScheme = scheme < 0 ? "" : text.substring(scheme + 3);
        int authorityEnd = indexOfAny(afterScheme, "/?#");
        if (authorityEnd >= 0 && afterScheme.indexOf('@', authorityEnd) >= 0) {
            throw new IOException(described + " has a '/', '?' or '#' before its '@': a password holding one must be"
                    + " percent-encoded" + accepted);
        }
        if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IOException(described + " is not a Redis URL" + accepted);
        }
        return uri;
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
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

    /** Whether {@code host:port} answers PING without credentials. */
    static boolean ping(String host, int port) {
        return probe(host, port, null) == null;
    }

    /**
     * Sends AUTH (when the URL has user info, percent-decoded) and PING; null when the server answered
     * {@code +PONG}, else what went wrong, naming no credential (Redis's error replies hold none).
     */
    static String probe(String host, int port, String rawUserInfo) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (rawUserInfo != null && !rawUserInfo.isEmpty()) {
                int colon = rawUserInfo.indexOf(':');
                String user = colon < 0 ? "" : decode(rawUserInfo.substring(0, colon));
                String password = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(colon + 1));
                out.write(user.isEmpty() ? command("AUTH", password) : command("AUTH", user, password));
                out.flush();
                String reply = in.readLine();
                if (reply == null || !reply.startsWith("+OK")) {
                    return "refused the URL's credentials (" + firstWord(reply) + ")";
                }
            }
            out.write(command("PING"));
            out.flush();
            String reply = in.readLine();
            if (reply != null && reply.startsWith("+PONG")) {
                return null;
            }
            return reply != null && reply.startsWith("-NOAUTH")
                    ? "needs a password (NOAUTH): put it in the URL, redis://user:password@host:port"
                    : "does not answer PING (" + firstWord(reply) + ")";
        } catch (IOException e) {
            return "does not answer PING (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String firstWord(String reply) {
        if (reply == null) {
            return "no reply";
        }
        String word = reply.replaceFirst("^[-+]", "").split("\\s", 2)[0];
        return word.isEmpty() ? "empty reply" : word;
    }

    /** A RESP array of bulk strings: any byte of a password goes through unchanged. */
    private static byte[] command(String... parts) {
        StringBuilder sb = new StringBuilder().append('*').append(parts.length).append("\r\n");
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
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

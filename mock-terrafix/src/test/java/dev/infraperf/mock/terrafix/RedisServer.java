package dev.infraperf.mock.terrafix;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Redis for the tests, in the project's order: {@code REDIS_URL} when set; else a Testcontainers {@code redis:7}
 * when a Docker daemon is reachable; else a {@code redis-server} from PATH started on a free loopback port without
 * persistence. When none exists the test is aborted (reported as skipped) with the reason. Only a redis-server
 * started here can be stopped, frozen and started again on the same port, for the outage tests.
 */
final class RedisServer implements AutoCloseable {

    private final String url;
    private final Path binary;
    private final int port;
    private Process process;
    private GenericContainer<?> container;
    private Path aofDir;

    private RedisServer(String url, Path binary, int port) {
        this.url = url;
        this.binary = binary;
        this.port = port;
    }

    static RedisServer resolve() {
        String configured = System.getenv("REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            return new RedisServer(configured.strip(), null, -1);
        }
        if (dockerLikelyPresent() && DockerClientFactory.instance().isDockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
            redis.start();
            RedisServer server =
                    new RedisServer("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379) + "/0", null, -1);
            server.container = redis;
            return server;
        }
        if (onPath("redis-server") == null) {
            throw new TestAbortedException(
                    "Redis: no REDIS_URL, no Docker, no redis-server on PATH; install redis-server or set REDIS_URL");
        }
        return startOwned();
    }

    /**
     * A redis-server that this fixture starts, whatever {@code REDIS_URL} says: for tests that stop,
     * freeze and restart Redis, which they must never do to a server they were given.
     */
    static RedisServer startOwned() {
        Path binary = onPath("redis-server");
        if (binary == null) {
            throw new TestAbortedException(
                    "Redis: this test stops and restarts Redis, so it needs a redis-server on PATH to start its own;"
                            + " install redis-server");
        }
        RedisServer server = new RedisServer(null, binary, freePort());
        server.start();
        return server;
    }

    /** As {@link #startOwned()}, but with AOF persistence in {@code dir}, so data survives a kill -9 and restart. */
    static RedisServer startOwnedWithAof(Path dir) {
        RedisServer server = ownedNotStarted();
        server.aofDir = dir;
        server.start();
        return server;
    }

    private static RedisServer ownedNotStarted() {
        Path binary = onPath("redis-server");
        if (binary == null) {
            throw new TestAbortedException(
                    "Redis: this test kills and restarts Redis, so it needs a redis-server on PATH to start its own;"
                            + " install redis-server");
        }
        return new RedisServer(null, binary, freePort());
    }

    /** The next {@link #start()} persists with AOF in {@code dir}, or not at all when null. */
    void persistNextStartIn(Path dir) {
        this.aofDir = dir;
    }

    String url() {
        return url != null ? url : "redis://127.0.0.1:" + port + "/0";
    }

    String describe() {
        if (container != null) {
            return "Testcontainers redis:7 at " + url;
        }
        return url != null ? "REDIS_URL " + url : "redis-server " + binary + " on 127.0.0.1:" + port;
    }

    void start() {
        try {
            List<String> command = new java.util.ArrayList<>(
                    List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", ""));
            if (aofDir != null) {
                command.addAll(List.of("--dir", aofDir.toString(), "--appendonly", "yes"));
            } else {
                command.addAll(List.of("--appendonly", "no"));
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ping()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " did not answer PING in 10 s");
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** kill -9: no shutdown, no final save; only what AOF already holds survives. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a hung Redis. */
    void pause() {
        signal("-STOP");
    }

    void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
        if (container != null) {
            container.stop();
        }
    }

    /** Asking Testcontainers costs seconds when there is no Docker at all, so look for a daemon first. */
    private static boolean dockerLikelyPresent() {
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }

    private boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : List.of(path.split(File.pathSeparator))) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}

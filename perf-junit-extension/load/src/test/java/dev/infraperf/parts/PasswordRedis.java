package dev.infraperf.parts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} on a free loopback port that requires a password. The configuration, password included,
 * goes in on standard input ({@code redis-server -}), so it is on no command line and in no file. Test fixture.
 */
public final class PasswordRedis implements AutoCloseable {
    private final Process process;
    private final int port;

    private PasswordRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The redis-server on PATH, or empty when there is none. */
    public static Optional<Path> binary() {
        return Executables.onPath("redis-server");
    }

    /** Starts it and waits until it answers (NOAUTH counts as an answer). */
    public static PasswordRedis start(Path binary, String password) throws IOException, InterruptedException {
        int port = FreePort.pick();
        Process process = new ProcessBuilder(List.of(binary.toString(), "-"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream config = process.getOutputStream()) {
            String quoted = "\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            config.write(("port " + port + "\nbind 127.0.0.1\nsave \"\"\nappendonly no\nrequirepass " + quoted + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!answers(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("redis-server did not start on 127.0.0.1:" + port);
            }
            Thread.sleep(20);
        }
        return new PasswordRedis(process, port);
    }

    public int port() {
        return port;
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return socket.getInputStream().read() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The socket client's plain connections as {@link ReadinessLoop} watches them, against a raw loopback server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopedConnectionTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    /** What the server does on each accepted connection, after it read the first request head. */
    private interface Script {
        void afterFirstRequest(InputStream in, OutputStream out, Socket s) throws IOException, InterruptedException;
    }

    /** Accepts connections, records every request head per connection, and runs the script on each. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket listener;
        final List<List<String>> heads = new CopyOnWriteArrayList<>();

        RawServer(Script script) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        List<String> mine = new CopyOnWriteArrayList<>();
                        heads.add(mine);
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                if (readHead(s.getInputStream(), mine)) {
                                    script.afterFirstRequest(s.getInputStream(), s.getOutputStream(), s);
                                }
                            } catch (IOException | InterruptedException e) {
                                // the client went away
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    /** Reads one request head into {@code heads}; false at the end of the stream. */
    private static boolean readHead(InputStream in, List<String> heads) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
        }
        heads.add(head.toString(StandardCharsets.ISO_8859_1));
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Waits until the client sees its kept-alive connection as not reusable (the loop noticed asynchronously). */
    private static void awaitNotReusable(SocketTransport client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.reusableNow()) {
            assertThat(System.nanoTime() - deadline)
                    .as("the loop noticed within 10 s")
                    .isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void a_kept_alive_connection_the_server_closed_while_idle_is_replaced_before_anything_is_written_on_it()
            throws Exception {
        // answers once without "Connection: close", then closes: the client thinks it is kept alive
        try (RawServer server = new RawServer((in, out, s) -> out.write(OK));
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThat(client.exchange("GET", "/a", List.of(), null, TIMEOUT).status())
                    .isEqualTo(200);
            awaitNotReusable(client);
            // written on the dead connection, this request would fail as a stale connection instead
            assertThat(client.exchange("POST", "/b", List.of(), new byte[] {1}, TIMEOUT)
                            .status())
                    .isEqualTo(200);
            assertThat(server.heads).hasSize(2);
            assertThat(server.heads.get(0)).hasSize(1);
            assertThat(server.heads.get(1)).singleElement().asString().startsWith("POST /b ");
        }
    }

    @Test
    void bytes_nobody_asked_for_on_an_idle_connection_put_it_out_of_use() throws Exception {
        CountDownLatch junkSent = new CountDownLatch(1);
        try (RawServer server = new RawServer((in, out, s) -> {
                    out.write(OK);
                    out.flush();
                    Thread.sleep(50);
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstray"));
                    out.flush();
                    junkSent.countDown();
                    while (readHead(in, new CopyOnWriteArrayList<>())) {
                        out.write(OK);
                    }
                });
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThat(client.exchange("GET", "/a", List.of(), null, TIMEOUT).body())
                    .asString(StandardCharsets.ISO_8859_1)
                    .isEqualTo("ok");
            assertThat(junkSent.await(10, TimeUnit.SECONDS)).isTrue();
            awaitNotReusable(client);
            // read on the old connection, the stray answer would be taken for this one's
            assertThat(client.exchange("GET", "/b", List.of(), null, TIMEOUT).body())
                    .asString(StandardCharsets.ISO_8859_1)
                    .isEqualTo("ok");
            assertThat(server.heads).hasSize(2);
        }
    }

    @Test
    void bodies_much_larger_than_the_read_buffer_arrive_intact_and_in_step() throws Exception {
        int length = 3 << 20; // 3 MiB: ~190 reads of 16 KiB
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) (i * 31 % 251);
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n"));
        answer.writeBytes(body);
        byte[] bytes = answer.toByteArray();
        try (RawServer server = new RawServer((in, out, s) -> {
                    do {
                        out.write(bytes);
                        out.flush();
                    } while (readHead(in, new CopyOnWriteArrayList<>()));
                });
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.exchange("GET", "/big", List.of(), null, TIMEOUT)
                                .body())
                        .isEqualTo(body);
            }
            assertThat(server.heads).as("one kept-alive connection").hasSize(1);
        }
    }

    @Test
    void closing_the_client_wakes_a_user_waiting_for_an_answer() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        try (RawServer server = new RawServer((in, out, s) -> {
            read.countDown();
            in.read(); // never answers; returns when the client closes
        })) {
            SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000);
            CompletableFuture<Transport.Answer> exchange = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    exchange.complete(client.exchange("GET", "/hang", List.of(), null, TimeUnit.SECONDS.toNanos(60)));
                } catch (Throwable t) {
                    exchange.completeExceptionally(t);
                }
            });
            assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
            client.close();
            assertThatThrownBy(() -> exchange.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void interrupting_a_user_waiting_for_an_answer_closes_its_connection_and_fails_the_exchange() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch gone = new CountDownLatch(1);
        try (RawServer server = new RawServer((in, out, s) -> {
                    read.countDown();
                    if (in.read() < 0) {
                        gone.countDown();
                    }
                });
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread user = Thread.ofVirtual().start(() -> {
                try {
                    client.exchange("GET", "/hang", List.of(), null, TimeUnit.SECONDS.toNanos(60));
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
            user.interrupt();
            assertThat(failure.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
            assertThat(gone.await(10, TimeUnit.SECONDS))
                    .as("the server saw the connection closed")
                    .isTrue();
        }
    }
}

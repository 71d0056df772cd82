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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-written HTTP/1.1 client against canned answers from a raw loopback socket server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketTransportTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

    /** Answers each request head with the bytes {@code answer} gives (by request number); closes when told. */
    private static final class CannedServer implements AutoCloseable {
        final ServerSocket listener;
        final List<String> heads = new CopyOnWriteArrayList<>();

        CannedServer(Function<Integer, byte[]> answer, boolean closeAfterAnswer) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        Thread.ofVirtual().start(() -> serve(s, answer, closeAfterAnswer));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, Function<Integer, byte[]> answer, boolean closeAfterAnswer) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    int b;
                    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        if ((b = in.read()) < 0) {
                            return;
                        }
                        head.write(b);
                    }
                    heads.add(head.toString(StandardCharsets.ISO_8859_1));
                    out.write(answer.apply(heads.size()));
                    out.flush();
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Transport.Answer get(SocketTransport client, String method) throws IOException {
        return client.exchange(method, "/x", List.of(), null, TIMEOUT);
    }

    @Test
    void reads_a_chunked_body_with_extensions_and_trailers_and_keeps_the_connection() throws Exception {
        byte[] answer = ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1\r\n \r\nB\r\nchunked wor\r\n2\r\nld\r\n0\r\nX-Trailer: t\r\n\r\n");
        try (CannedServer server = new CannedServer(n -> answer, false);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThat(new String(get(client, "GET").body(), StandardCharsets.UTF_8))
                    .isEqualTo("hello chunked world");
            assertThat(new String(get(client, "GET").body(), StandardCharsets.UTF_8))
                    .isEqualTo("hello chunked world");
            assertThat(server.heads).hasSize(2);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void a_large_chunked_body_of_many_chunks_reads_in_linear_time() throws Exception {
        // 64 MiB in 64 KiB chunks: the old concatenation copied ~32 GiB, a doubling buffer copies < 128 MiB
        int chunk = 64 * 1024;
        int chunks = 1024;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
        byte[] data = new byte[chunk];
        java.util.Arrays.fill(data, (byte) 'a');
        for (int i = 0; i < chunks; i++) {
            body.writeBytes(ascii(Integer.toHexString(chunk) + "\r\n"));
            body.writeBytes(data);
            body.writeBytes(ascii("\r\n"));
        }
        body.writeBytes(ascii("0\r\n\r\n"));
        byte[] answer = body.toByteArray();
        try (CannedServer server = new CannedServer(n -> answer, false);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThat(client.exchange("GET", "/x", List.of(), null, TimeUnit.SECONDS.toNanos(20))
                            .body())
                    .hasSize(chunk * chunks);
        }
    }

    @Test
    void reads_an_http_1_0_body_delimited_by_the_connection_close() throws Exception {
        try (CannedServer server = new CannedServer(n -> ascii("HTTP/1.0 200 OK\r\n\r\nuntil close " + n), true);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThat(new String(get(client, "GET").body(), StandardCharsets.UTF_8))
                    .isEqualTo("until close 1");
            // the connection is gone: the next request opens a new one and is not lost
            assertThat(new String(get(client, "GET").body(), StandardCharsets.UTF_8))
                    .isEqualTo("until close 2");
        }
    }

    @Test
    void head_and_204_answers_have_no_body_even_with_a_content_length() throws Exception {
        try (CannedServer server = new CannedServer(
                        n -> ascii(
                                n == 1
                                        ? "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n"
                                        : n == 2
                                                ? "HTTP/1.1 204 No Content\r\n\r\n"
                                                : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                        false);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            Transport.Answer head = get(client, "HEAD");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(get(client, "GET").status()).isEqualTo(204);
            // the connection stayed in step: the third answer is read whole on it
            assertThat(new String(get(client, "GET").body(), StandardCharsets.UTF_8))
                    .isEqualTo("ok");
            assertThat(server.heads).hasSize(3);
        }
    }

    @Test
    void a_reused_connection_reset_after_reading_is_a_stale_connection_and_the_request_is_not_resent()
            throws Exception {
        try (CountingServer server = new CountingServer(CountingServer.Fault.RESET_AFTER_READING, 1);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThat(client.exchange("POST", "/p", List.of(), new byte[] {1}, TIMEOUT)
                            .status())
                    .isEqualTo(200);
            assertThatThrownBy(() -> client.exchange("POST", "/p", List.of(), new byte[] {1}, TIMEOUT))
                    .isInstanceOf(SocketTransport.StaleConnection.class);
            assertThat(server.awaitIdle(java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(server.received()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void a_hung_answer_times_out_at_the_deadline_and_the_next_request_goes_on_a_new_connection() throws Exception {
        long timeout = TimeUnit.MILLISECONDS.toNanos(300);
        try (CountingServer server = new CountingServer(CountingServer.Fault.HUNG, 1);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThat(client.exchange("GET", "/a", List.of(), null, timeout).status())
                    .isEqualTo(200);
            assertThat(DeadlineSweeper.watches(client)).isTrue();
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.exchange("GET", "/a", List.of(), null, timeout))
                    .isInstanceOf(java.net.SocketTimeoutException.class)
                    .hasMessage("no complete answer within the request timeout");
            // never before the deadline (the bound above it is only this test's patience)
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeout);
            assertThat(DeadlineSweeper.watches(client))
                    .as("a dropped connection is not watched")
                    .isFalse();
            assertThat(client.exchange("GET", "/a", List.of(), null, TIMEOUT).status())
                    .isEqualTo(200);
            assertThat(server.received()).isEqualTo(3);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void a_write_to_a_target_that_stopped_reading_is_bounded_by_the_request_timeout() throws Exception {
        // accepts and never reads: a 64 MiB body fills the socket buffers and the write blocks
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SocketTransport client = new SocketTransport(
                        URI.create("http://127.0.0.1:" + listener.getLocalPort()), TlsTrust.defaults(), 5_000)) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(listener.accept());
                } catch (IOException e) {
                    // closed
                }
            });
            byte[] body = new byte[64 << 20];
            assertThatThrownBy(() ->
                            client.exchange("POST", "/upload", List.of(), body, TimeUnit.MILLISECONDS.toNanos(300)))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(DeadlineSweeper.watches(client)).isFalse();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void a_closed_client_is_not_watched() throws Exception {
        byte[] answer = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        try (CannedServer server = new CannedServer(n -> answer, false)) {
            SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000);
            assertThat(get(client, "GET").status()).isEqualTo(200);
            assertThat(DeadlineSweeper.watches(client)).isTrue();
            client.close();
            assertThat(DeadlineSweeper.watches(client)).isFalse();
        }
    }

    @Test
    void header_names_in_any_case_and_a_header_longer_than_the_read_buffer_are_read() throws Exception {
        String longValue = "a".repeat(20_000); // the client reads 16 KiB at a time
        byte[] answer = ascii("HTTP/1.1 200 OK\r\nX-Long: " + longValue + "\r\nContent-Type:  text/plain \r\n"
                + "CONTENT-LENGTH: 2\r\nConnection: Keep-Alive\r\n\r\nok");
        try (CannedServer server = new CannedServer(n -> answer, false);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            Transport.Answer first = get(client, "GET");
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(first.headers())
                    .containsEntry("content-type", "text/plain")
                    .containsEntry("content-length", "2")
                    .containsEntry("connection", "Keep-Alive")
                    .hasSize(4);
            assertThat(first.headers().get("x-long")).isEqualTo(longValue);
            assertThat(get(client, "GET").body()).hasSize(2);
            assertThat(server.heads).hasSize(2);
        }
    }

    /** A GET answered with {@code answer} fails with an {@link IOException} whose message is {@code message}. */
    private static void assertAnswerFails(String answer, String message) throws IOException {
        byte[] bytes = ascii(answer);
        try (CannedServer server = new CannedServer(n -> bytes, false);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            assertThatThrownBy(() -> get(client, "GET"))
                    .isInstanceOf(IOException.class)
                    .hasMessage(message);
        }
    }

    @Test
    void a_malformed_content_length_fails_the_exchange_naming_it() throws Exception {
        assertAnswerFails("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\nok", "not a Content-Length: [12x]");
    }

    @Test
    void a_repeated_request_is_sent_as_encoded_and_every_change_after_it_is_sent() throws Exception {
        byte[] answer = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (CannedServer server = new CannedServer(n -> answer, false);
                SocketTransport client = new SocketTransport(server.uri(), TlsTrust.defaults(), 5_000)) {
            client.exchange("GET", "/a", List.of("X-Token", "1"), null, TIMEOUT);
            client.exchange("GET", "/a", List.of("X-Token", "1"), null, TIMEOUT);
            client.exchange("GET", "/a", List.of("X-Token", "2"), null, TIMEOUT);
            client.exchange("GET", "/b", List.of("X-Token", "2"), null, TIMEOUT);
            client.exchange("DELETE", "/b", List.of("X-Token", "2"), null, TIMEOUT);
            client.exchange("POST", "/b", List.of("X-Token", "2"), ascii("{}"), TIMEOUT);
            client.exchange("POST", "/b", List.of("X-Token", "2"), null, TIMEOUT);
            client.exchange("POST", "/b", List.of(), null, TIMEOUT);
            String host = "Host: 127.0.0.1:" + server.listener.getLocalPort() + "\r\n";
            assertThat(server.heads)
                    .containsExactly(
                            "GET /a HTTP/1.1\r\n" + host + "X-Token: 1\r\n\r\n",
                            "GET /a HTTP/1.1\r\n" + host + "X-Token: 1\r\n\r\n",
                            "GET /a HTTP/1.1\r\n" + host + "X-Token: 2\r\n\r\n",
                            "GET /b HTTP/1.1\r\n" + host + "X-Token: 2\r\n\r\n",
                            "DELETE /b HTTP/1.1\r\n" + host + "X-Token: 2\r\nContent-Length: 0\r\n\r\n",
                            // the body follows the head: the server here reads heads only, so it is the next "head"
                            "POST /b HTTP/1.1\r\n" + host + "X-Token: 2\r\nContent-Length: 2\r\n\r\n",
                            "{}POST /b HTTP/1.1\r\n" + host + "X-Token: 2\r\nContent-Length: 0\r\n\r\n",
                            "POST /b HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n");
        }
    }

    @Test
    void the_status_code_is_read_from_an_http_1_status_line_only() {
        assertThat(SocketTransport.statusOf(ascii("HTTP/1.1 503 Busy"), 17)).isEqualTo(503);
        assertThat(SocketTransport.statusOf(ascii("HTTP/1.0 200 "), 13)).isEqualTo(200);
        assertThat(SocketTransport.statusOf(ascii("HTTP/1.1 2x0 OK"), 15)).isEqualTo(-1);
        assertThat(SocketTransport.statusOf(ascii("HTTP/2 200 OK"), 13)).isEqualTo(-1);
        assertThat(SocketTransport.statusOf(ascii("HTTP/1.1 20"), 11)).isEqualTo(-1);
    }

    @Test
    void a_status_line_that_is_not_http_1_fails_the_exchange_naming_it() throws Exception {
        assertAnswerFails("SSH-2.0-OpenSSH_9.6\r\n\r\n", "not an HTTP/1.x status line: [SSH-2.0-OpenSSH_9.6]");
    }
}

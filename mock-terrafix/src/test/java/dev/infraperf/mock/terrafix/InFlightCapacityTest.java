package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 1000 webhooks in flight at 500 ms latency all complete without a platform thread per request. The original handled
 * one request at a time (500 s); the 30 s bound is far from that and generous for a loaded 2-core machine, and the
 * platform-thread count rules out a thread pool standing in for concurrency.
 */
class InFlightCapacityTest {

    private static final int IN_FLIGHT = 1000;

    @Test
    void a_thousand_requests_in_flight_at_500_ms_latency_finish_together_on_virtual_threads() throws Exception {
        try (RunningTerraFixMock mock =
                TerraFixMock.builder().port(0).latency(Duration.ofMillis(500)).start()) {
            int platformThreadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            CountDownLatch allSent = new CountDownLatch(IN_FLIGHT);
            List<Future<String>> replies = new ArrayList<>(IN_FLIGHT);
            long start = System.nanoTime();
            int peakPlatformThreads;
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < IN_FLIGHT; i++) {
                    int n = i;
                    replies.add(clients.submit(() -> post(mock, n, allSent)));
                }
                allSent.await();
                Thread.sleep(200); // all 1000 are now waiting out their latency inside the server
                peakPlatformThreads = ManagementFactory.getThreadMXBean().getThreadCount();
                for (Future<String> reply : replies) {
                    assertThat(reply.get()).startsWith("HTTP/1.1 200");
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took)
                    .as("wall time for %d requests of 500 ms each", IN_FLIGHT)
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(peakPlatformThreads - platformThreadsBefore)
                    .as("platform threads added while %d requests were waiting", IN_FLIGHT)
                    .isLessThan(100);
            MockClient client = new MockClient(mock.uri());
            assertThat(client.get("/status")
                            .json()
                            .at("/stats/successful_requests")
                            .asLong())
                    .isEqualTo(IN_FLIGHT);
        }
    }

    /** Reads one HTTP/1.1 response: status line and headers, then exactly Content-Length bytes of body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the end of the headers: " + head);
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(Locale.ROOT);
        int at = lower.indexOf("content-length:");
        int length = at < 0
                ? 0
                : Integer.parseInt(
                        lower.substring(at + 15, lower.indexOf('\r', at)).trim());
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A raw HTTP/1.1 exchange on its own socket, so that the client adds no pooling or limits of its own. */
    private static String post(RunningTerraFixMock mock, int n, CountDownLatch sent) throws IOException {
        String body = "{\"test_id\": \"inflight-" + n + "-" + System.nanoTime()
                + "\", \"resource_arn\": \"arn:aws:s3:::b" + n + "\"}";
        try (Socket socket = new Socket(mock.uri().getHost(), mock.uri().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            sent.countDown();
            return readResponse(socket.getInputStream());
        }
    }
}

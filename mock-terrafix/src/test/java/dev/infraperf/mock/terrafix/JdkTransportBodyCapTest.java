package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JDK server transport ({@code -Dmock.terrafix.server=jdk}) answers a body over 1 MiB with its 413, every time. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdkTransportBodyCapTest {

    private static final int TRIES = 30;

    private final HttpClient http = HttpClient.newHttpClient();
    private InMemoryDedupStore store;
    private JdkHttpTransport transport;

    @BeforeAll
    void start() {
        store = new InMemoryDedupStore(Duration.ofDays(7));
        TerraFixApi api = new TerraFixApi(store, new ProcessingSettings(0, 0, 0), new TerraformRepositories());
        api.markReady(true);
        transport = JdkHttpTransport.start("127.0.0.1", 0, api);
    }

    @AfterAll
    void stop() {
        transport.stop();
        store.close();
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + transport.port() + "/webhook"))
                        .header("Content-Type", "application/json")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] over() {
        byte[] body = new byte[TerraFixApi.MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }

    @Test
    @DisplayName("a Content-Length over 1 MiB: the client that sent it all receives the 413, not a reset")
    void a_declared_body_over_the_cap_gets_its_413() throws Exception {
        // before the refused body was read and thrown away, 3 posts of 30 saw the connection reset under them
        for (int i = 0; i < TRIES; i++) {
            HttpResponse<String> answer = post(HttpRequest.BodyPublishers.ofByteArray(over()));

            assertThat(answer.statusCode()).as("post %d", i).isEqualTo(413);
            assertThat(answer.body()).contains("exceeds the limit of 1048576 bytes");
        }
    }

    @Test
    @DisplayName("a chunked body over 1 MiB gets its 413 too, and the server keeps answering")
    void a_chunked_body_over_the_cap_gets_its_413() throws Exception {
        byte[] body = over();
        for (int i = 0; i < TRIES; i++) {
            HttpResponse<String> answer =
                    post(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));

            assertThat(answer.statusCode()).as("post %d", i).isEqualTo(413);
        }
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + transport.port() + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }
}

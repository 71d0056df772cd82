package dev.infraperf.mock.formae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent whose cloud is down: it retries, then gives up naming the cause; its credentials stay out of logs. */
class CloudOutageTest {

    @TempDir
    Path dataDir;

    @Test
    void during_a_cloud_outage_the_update_gives_up_naming_the_cause_and_the_cloud_url_is_masked() throws IOException {
        int deadPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = free.getLocalPort();
        }
        URI cloudUrl = URI.create("http://perf:s3cret@127.0.0.1:" + deadPort);
        try (RunningMockFormae formae = MockFormaeLauncher.builder()
                .dataDir(dataDir)
                .rateLimit(0)
                .syncInterval(Duration.ZERO)
                .cloudUrl(cloudUrl)
                .start()) {
            AgentClient client = new AgentClient(formae.uri(), "client-outage");
            String env = Fixtures.envId();
            AgentClient.Response submitted = client.apply(Fixtures.forma(env, 1), "reconcile");
            assertThat(submitted.status()).isEqualTo(202);

            // 10 attempts with a backoff of 0.1 s doubling to 2 s: about 11 s.
            JsonNode done = Fixtures.awaitFinal(
                    client, submitted.body().path("CommandId").asText(), Duration.ofSeconds(60));

            JsonNode update = done.path("ResourceUpdates").get(0);
            assertThat(update.path("State").asText()).isEqualTo("Failed");
            assertThat(update.path("CurrentAttempt").asInt()).isEqualTo(10);
            assertThat(update.path("ErrorMessage").asText())
                    .startsWith("gave up after 10 attempts; last error: cannot reach the cloud at http://***@127.0.0.1:"
                            + deadPort)
                    .contains("ConnectException")
                    .doesNotContain("null", "s3cret");

            String ready = Files.readString(dataDir.resolve("log").resolve("agent.out"));
            assertThat(ready).contains(MockFormaeMain.READY, "cloud=http://***@127.0.0.1:" + deadPort);
            List<String> log = Fixtures.logLines(formae.logFile());
            assertThat(String.join("\n", log)).contains("cloud http://***@127.0.0.1:" + deadPort);
            assertThat(ready + String.join("\n", log)).doesNotContain("s3cret");
        }
    }
}

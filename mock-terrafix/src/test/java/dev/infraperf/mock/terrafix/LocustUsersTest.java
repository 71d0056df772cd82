package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The requests of each Locust user class of the original locustfile succeed by Locust's rule (status 200), against
 * Redis dedup when available, else the in-memory store; the responses keep the original's fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocustUsersTest {

    private RunningTerraFixMock mock;
    private MockClient client;
    private final LocustPayloads payloads = new LocustPayloads(System.nanoTime());

    @BeforeAll
    void start() {
        mock = TerraFixMock.builder().port(0).latency(Duration.ofMillis(5)).start();
        client = new MockClient(mock.uri());
    }

    @AfterAll
    void stop() {
        mock.close();
    }

    private void assertLocustSuccess(MockClient.Reply reply) {
        assertThat(reply.status())
                .as("Locust counts only 200 as success: %s", reply.body())
                .isEqualTo(200);
    }

    @Test
    void throughput_user_submits_single_failures_and_checks_health() {
        for (int i = 0; i < 10; i++) {
            MockClient.Reply reply = client.post("/webhook", payloads.failure("medium"));
            assertLocustSuccess(reply);
            assertThat(reply.json().has("pr_url")).isTrue();
            assertThat(reply.json().has("failure_hash")).isTrue();
            assertThat(reply.json().get("success").asBoolean()).isTrue();
        }
        assertLocustSuccess(client.get("/health"));
    }

    @Test
    void burst_user_sends_batches_of_five_to_twenty() {
        for (int size : List.of(5, 12, 20)) {
            MockClient.Reply reply = client.post("/batch", payloads.batch(size, "medium"));
            assertLocustSuccess(reply);
            assertThat(reply.json().get("total").asInt()).isEqualTo(size);
            assertThat(reply.json().get("successful").asInt()).isEqualTo(size);
            assertThat(reply.json().get("failed").asInt()).isZero();
            assertThat(reply.json().get("results")).hasSize(size);
        }
        assertLocustSuccess(client.post("/webhook", payloads.failure("medium")));
    }

    @Test
    void resilience_user_resends_byte_identical_failures_which_are_skipped_with_200() {
        List<Map<String, Object>> submitted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> failure = payloads.failure("medium");
            submitted.add(failure);
            assertLocustSuccess(client.post("/webhook", failure));
        }
        for (Map<String, Object> duplicate : submitted.subList(0, 2)) {
            MockClient.Reply reply = client.post("/webhook", duplicate);
            assertLocustSuccess(reply);
            assertThat(reply.json().get("skipped").asBoolean()).isTrue();
        }
    }

    @Test
    void scalability_user_varies_the_repo_size_per_request() {
        for (String size : List.of("small", "medium", "large")) {
            MockClient.Reply reply = client.post("/webhook", payloads.failure(size));
            assertLocustSuccess(reply);
            assertThat(reply.json().get("repo_size").asText()).isEqualTo(size);
        }
    }

    @Test
    void cascade_and_mixed_users_send_growing_batches_and_read_status() {
        for (int size : List.of(2, 3, 10, 25)) {
            assertLocustSuccess(client.post("/batch", payloads.batch(size, "medium")));
        }
        assertLocustSuccess(client.get("/health"));
        assertLocustSuccess(client.get("/status"));
    }
}

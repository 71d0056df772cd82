package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The differences from the original {@code api_server.py} that issue 13 found, each answered as the original does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OriginalParityTest {

    private RunningTerraFixMock mock;
    private MockClient client;
    private final LocustPayloads payloads = new LocustPayloads(13);

    @BeforeAll
    void start() {
        mock = TerraFixMock.builder().port(0).latency(Duration.ZERO).start();
        client = new MockClient(mock.uri());
    }

    @AfterAll
    void stop() {
        mock.close();
    }

    @BeforeEach
    void defaults() {
        client.post("/configure", Map.of("latency_ms", 0, "failure_rate", 0, "jitter_ms", 0));
    }

    @Test
    void the_simulated_failure_body_is_exactly_the_originals_so_locust_groups_it_in_one_row() {
        client.post("/configure", Map.of("failure_rate", 1));
        for (int i = 0; i < 3; i++) {
            MockClient.Reply failed = client.post("/webhook", payloads.failure("small"));
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).isEqualTo("{\"error\":\"Simulated processing failure\"}");
        }
    }

    @ParameterizedTest(name = "resource_type {0}: no terraform_resource key rather than null")
    @ValueSource(strings = {"missing", "AWS::Lambda::Function"})
    void an_unmapped_or_missing_resource_type_leaves_terraform_resource_out_instead_of_null(String type) {
        Map<String, Object> failure = new LinkedHashMap<>(payloads.failure("medium"));
        if (type.equals("missing")) {
            failure.remove("resource_type");
        } else {
            failure.put("resource_type", type);
        }
        MockClient.Reply reply = client.post("/webhook", failure);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("terraform_resource")).as(reply.body()).isFalse();
        assertThat(reply.json().get("repo_size").asText()).isEqualTo("medium");
        reply.json().fields().forEachRemaining(field -> assertThat(
                        field.getValue().isNull())
                .as("%s is null in %s", field.getKey(), reply.body())
                .isFalse());
    }

    @Test
    void a_null_repo_size_means_no_repository_as_the_schema_now_says() {
        Map<String, Object> failure = new LinkedHashMap<>(payloads.failure("small"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("repo_size", null);
        failure.put("resource_details", details);
        MockClient.Reply reply = client.post("/webhook", failure);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("repo_size")).isFalse();
        JsonNode schema = client.get("/openapi.json")
                .json()
                .at("/components/schemas/Failure/properties/resource_details/properties/repo_size");
        assertThat(schema.get("nullable").asBoolean()).isTrue();
        assertThat(schema.get("enum")).extracting(JsonNode::isNull).contains(true);
    }

    @Test
    void post_stats_reset_does_not_reset_the_stats_as_the_original_has_no_such_route() {
        client.post("/webhook", payloads.failure("small"));
        long before = client.get("/status").json().at("/stats/total_requests").asLong();
        assertThat(before).isPositive();
        MockClient.Reply reply = client.post("/stats/reset", "");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.raw().headers().firstValue("Allow")).hasValue("GET");
        assertThat(reply.json().get("error").asText())
                .isEqualTo("Method POST not allowed on /stats/reset; allowed: GET");
        assertThat(client.get("/status").json().at("/stats/total_requests").asLong())
                .isEqualTo(before);
    }

    @ParameterizedTest(name = "GET {0} is GET /health, as Python's http.server collapses leading slashes")
    @ValueSource(strings = {"//health", "///health", "//health?probe=1"})
    void leading_double_slashes_are_collapsed_like_the_original(String path) throws Exception {
        RawHttp.Answer answer =
                RawHttp.send(mock.uri(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("healthy");
    }

    @Test
    void a_double_slash_inside_the_path_is_still_unknown() throws Exception {
        RawHttp.Answer answer =
                RawHttp.send(mock.uri(), "GET /stats//reset HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "Content-Length: {0} answers 400 with a JSON error")
    @ValueSource(strings = {"abc", "-1", "1x", "99999999999999999999"})
    void a_broken_content_length_answers_400_json(String length) throws Exception {
        for (String path : List.of("/webhook", "/configure")) {
            RawHttp.Answer answer = RawHttp.send(
                    mock.uri(),
                    "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n{}");
            assertThat(answer.status()).as("%s: %s", path, answer.text()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).isEqualTo("application/json");
            assertThat(answer.json().get("error").asText()).startsWith("Bad Request");
        }
    }
}

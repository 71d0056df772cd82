package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input of the issue answers a 4xx JSON error that names the problem; none is a 500. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private RunningTerraFixMock mock;
    private MockClient client;

    @BeforeAll
    void start() {
        mock = TerraFixMock.builder().port(0).latency(Duration.ZERO).start();
        client = new MockClient(mock.uri());
    }

    @AfterAll
    void stop() {
        mock.close();
    }

    static Stream<Arguments> bad_requests() {
        String arn = "\"resource_arn\": \"arn:aws:s3:::b\"";
        return Stream.of(
                Arguments.of("POST", "/webhook", "{" + arn + "}", 400, "field 'test_id' is required"),
                Arguments.of("POST", "/webhook", "{\"test_id\": \"t\"}", 400, "field 'resource_arn' is required"),
                Arguments.of(
                        "POST", "/webhook", "{\"test_id\": \"\", " + arn + "}", 400, "'test_id' must be a non-empty"),
                Arguments.of(
                        "POST",
                        "/webhook",
                        "[{\"test_id\": \"t\"}]",
                        400,
                        "body must be a JSON object (one failure), found array"),
                Arguments.of(
                        "POST", "/webhook", "\"text\"", 400, "body must be a JSON object (one failure), found string"),
                Arguments.of(
                        "POST",
                        "/webhook",
                        "{\"test_id\": 42, " + arn + "}",
                        400,
                        "field 'test_id' must be a string, found number 42"),
                Arguments.of(
                        "POST",
                        "/webhook",
                        "{\"test_id\": \"t\", \"resource_arn\": [1]}",
                        400,
                        "field 'resource_arn' must be a string, found array"),
                Arguments.of(
                        "POST",
                        "/webhook",
                        "{\"test_id\": \"t\", " + arn + ", \"severity\": 3}",
                        400,
                        "field 'severity' must be a string, found number 3"),
                Arguments.of(
                        "POST",
                        "/webhook",
                        "{\"test_id\": \"t\", " + arn + ", \"resource_details\": \"big\"}",
                        400,
                        "field 'resource_details' must be a JSON object, found string"),
                Arguments.of(
                        "POST",
                        "/webhook",
                        "{\"test_id\": \"t\", " + arn + ", \"resource_details\": {\"repo_size\": \"huge\"}}",
                        400,
                        "'resource_details.repo_size' must be \"small\""),
                Arguments.of("POST", "/webhook", "{\"test_id\": ", 400, "Invalid JSON: "),
                Arguments.of("POST", "/webhook", "{} {}", 400, "Invalid JSON: "),
                Arguments.of("POST", "/webhook", "", 400, "Invalid JSON: empty body"),
                Arguments.of("POST", "/batch", "{\"test_id\": \"t\"}", 400, "Expected array of failures"),
                Arguments.of("POST", "/batch", "[", 400, "Invalid JSON: "),
                Arguments.of(
                        "POST",
                        "/configure",
                        "{\"latency_ms\": -1}",
                        400,
                        "latency_ms must be within [0, 600000] (ms, at most 10 minutes), found -1"),
                Arguments.of(
                        "POST",
                        "/configure",
                        "{\"failure_rate\": 1.5}",
                        400,
                        "failure_rate must be within [0, 1], found 1.5"),
                Arguments.of(
                        "POST",
                        "/configure",
                        "{\"failure_rate\": -0.1}",
                        400,
                        "failure_rate must be within [0, 1], found -0.1"),
                Arguments.of("POST", "/configure", "{\"jitter_ms\": -5}", 400, "jitter_ms must be within [0, 600000]"),
                Arguments.of(
                        "POST",
                        "/configure",
                        "{\"latency_ms\": \"fast\"}",
                        400,
                        "latency_ms must be a number (or a numeric string such as \"200\"), found string \"fast\""),
                Arguments.of(
                        "POST", "/configure", "{\"latency\": 5}", 400, "unknown key 'latency'; accepted: latency_ms"),
                Arguments.of("POST", "/configure", "[1]", 400, "body must be a JSON object"),
                Arguments.of("POST", "/configure", "nope", 400, "Invalid JSON: "),
                Arguments.of("GET", "/nowhere", "", 404, "Not found: no route /nowhere"),
                Arguments.of("POST", "/health/x", "{}", 404, "Not found: no route /health/x"),
                Arguments.of("PUT", "/webhook", "{}", 405, "Method PUT not allowed on /webhook; allowed: POST"),
                Arguments.of("GET", "/webhook", "", 405, "Method GET not allowed on /webhook; allowed: POST"),
                Arguments.of("DELETE", "/status", "", 405, "Method DELETE not allowed on /status; allowed: GET"),
                Arguments.of(
                        "POST",
                        "/configure",
                        "x".repeat(TerraFixApi.MAX_BODY_BYTES + 1),
                        413,
                        "exceeds the limit of 1048576 bytes"));
    }

    @ParameterizedTest(name = "{0} {1} with a bad body answers {3} naming: {4}")
    @MethodSource("bad_requests")
    void bad_input_answers_a_json_error_naming_the_problem(
            String method, String path, String body, int status, String message) {
        MockClient.Reply reply = client.method(method, path, body);
        assertThat(reply.status()).as("status of %s %s", method, path).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reply.json()).as("JSON body of %s", reply.body()).isNotNull();
        assertThat(reply.json().get("error").asText()).contains(message);
    }

    @Test
    void a_webhook_over_one_mebibyte_is_refused_with_413() {
        String big = "{\"test_id\": \"t\", \"resource_arn\": \"a\", \"pad\": \"" + "x".repeat(1 << 20) + "\"}";
        MockClient.Reply reply = client.post("/webhook", big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("error").asText()).contains("1 MiB");
    }

    @Test
    void a_wrong_method_lists_the_allowed_ones_in_the_allow_header() {
        MockClient.Reply reply = client.method("PUT", "/stats/reset", "");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.raw().headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void field_errors_name_the_field_in_a_separate_key() {
        MockClient.Reply reply = client.post("/webhook", "{\"test_id\": true, \"resource_arn\": \"a\"}");
        assertThat(reply.json().get("field").asText()).isEqualTo("test_id");
        assertThat(reply.json().get("error").asText())
                .isEqualTo("field 'test_id' must be a string, found boolean true");
    }

    @Test
    void the_builder_rejects_values_out_of_range_naming_the_setting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TerraFixMock.builder().failureRate(1.5).start())
                .withMessage("failureRate [1.5] is outside [0, 1]; use a probability such as 0.05");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        TerraFixMock.builder().latency(Duration.ofMillis(-1)).start())
                .withMessageStartingWith("latency [PT-0.001S] is negative");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TerraFixMock.builder().port(70000).start())
                .withMessageStartingWith("port [70000] is out of range");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> TerraFixMock.builder().redisUrl("localhost:6379").start())
                .withMessageStartingWith("redisUrl [localhost:6379] is not a Redis URL");
    }
}

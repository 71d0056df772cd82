package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The original's routes and response shapes, against the embedded server with the in-memory store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiShapesTest {

    private RunningTerraFixMock mock;
    private MockClient client;
    private final LocustPayloads payloads = new LocustPayloads(1);

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
        assertThat(client.post("/configure", Map.of("latency_ms", 0, "failure_rate", 0, "jitter_ms", 0))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void the_handle_reports_a_loopback_uri_and_the_in_memory_store() {
        assertThat(mock.uri().toString()).startsWith("http://127.0.0.1:");
        assertThat(mock.uri().getPort()).isPositive();
        assertThat(mock.dedupStore()).isEqualTo("in-memory");
    }

    @Test
    void health_ready_and_reset_answer_like_the_original() {
        assertThat(client.get("/health").json()).isEqualTo(MockClient.JSON.valueToTree(Map.of("status", "healthy")));
        assertThat(client.get("/ready").json()).isEqualTo(MockClient.JSON.valueToTree(Map.of("status", "ready")));
        MockClient.Reply reset = client.get("/stats/reset");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("message").asText()).isEqualTo("Stats reset");
        assertThat(client.post("/stats/reset", "").status())
                .as("POST /stats/reset: the original has no such POST route")
                .isEqualTo(405);
        assertThat(reset.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reset.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("*");
    }

    @Test
    void a_webhook_is_processed_and_its_duplicate_is_skipped_and_counted() {
        client.get("/stats/reset");
        Map<String, Object> failure = payloads.failure("medium");
        MockClient.Reply first = client.post("/webhook", failure);
        assertThat(first.status()).isEqualTo(200);
        JsonNode body = first.json();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("skipped").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isEqualTo("Mock processing completed successfully");
        assertThat(body.get("pr_url").asText()).matches("https://github.com/mock-org/mock-repo/pull/\\d{1,4}");
        String expectedHash =
                TerraFixApi.failureHash((String) failure.get("test_id"), (String) failure.get("resource_arn"));
        assertThat(body.get("failure_hash").asText()).isEqualTo(expectedHash).hasSize(64);
        assertThat(body.get("repo_size").asText()).isEqualTo("medium");
        assertThat(body.get("terraform_resource").asText()).startsWith(terraformTypeOf(failure) + ".");
        assertThat(body.get("skipped").asBoolean()).isFalse();

        MockClient.Reply duplicate = client.post("/webhook", failure);
        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(duplicate.json().get("success").asBoolean()).isTrue();
        assertThat(duplicate.json().get("skipped").asBoolean()).isTrue();
        assertThat(duplicate.json().get("status").asText()).isEqualTo("completed");
        assertThat(duplicate.json().get("pr_url").asText())
                .isEqualTo(body.get("pr_url").asText());

        JsonNode stats = client.get("/status").json().get("stats");
        assertThat(stats.get("total_requests").asLong()).isEqualTo(2);
        assertThat(stats.get("successful_requests").asLong()).isEqualTo(2);
        assertThat(stats.get("skipped_duplicates").asLong()).isEqualTo(1);
        assertThat(stats.at("/repositories/medium/parses").asLong()).isEqualTo(1);
    }

    private static String terraformTypeOf(Map<String, Object> failure) {
        switch ((String) failure.get("resource_type")) {
            case "AWS::S3::Bucket":
                return "aws_s3_bucket";
            case "AWS::IAM::Role":
                return "aws_iam_role";
            case "AWS::EC2::SecurityGroup":
                return "aws_security_group";
            default:
                return "aws_db_instance";
        }
    }

    @Test
    void status_has_every_stats_field_of_the_original_with_hdr_percentiles() {
        client.get("/stats/reset");
        for (int i = 0; i < 20; i++) {
            client.post("/webhook", payloads.failure("small"));
        }
        JsonNode status = client.get("/status").json();
        assertThat(status.get("status").asText()).isEqualTo("running");
        assertThat(status.get("mock_mode").asBoolean()).isTrue();
        assertThat(status.get("dedup_store").asText()).isEqualTo("in-memory");
        JsonNode stats = status.get("stats");
        for (String field : List.of(
                "total_requests",
                "successful_requests",
                "failed_requests",
                "success_rate_percent",
                "uptime_seconds",
                "requests_per_second")) {
            assertThat(stats.has(field)).as("stats.%s", field).isTrue();
        }
        assertThat(stats.get("total_requests").asLong()).isEqualTo(20);
        assertThat(stats.get("success_rate_percent").asDouble()).isEqualTo(100.0);
        JsonNode latency = stats.get("latency_ms");
        for (String field : List.of("avg", "min", "max", "p50", "p95", "p99")) {
            assertThat(latency.get(field).isNumber()).as("latency_ms.%s", field).isTrue();
        }
        assertThat(latency.get("min").asDouble()).isPositive();
        assertThat(latency.get("p50").asDouble())
                .isBetween(latency.get("min").asDouble(), latency.get("p99").asDouble());
        assertThat(latency.get("max").asDouble())
                .isGreaterThanOrEqualTo(latency.get("p99").asDouble());
        JsonNode small = stats.at("/repositories/small");
        assertThat(small.get("resources").asInt()).isBetween(5, 15);
        assertThat(small.get("parses").asLong()).isEqualTo(20);
        assertThat(small.at("/parse_ms/p50").asDouble()).isPositive();
    }

    @Test
    void metrics_use_the_original_prometheus_names() {
        client.get("/stats/reset");
        client.post("/webhook", payloads.failure("small"));
        MockClient.Reply metrics = client.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/plain");
        assertThat(metrics.body())
                .contains("# TYPE terrafix_requests_total counter\n")
                .contains("terrafix_requests_total{status=\"success\"} 1\n")
                .contains("terrafix_requests_total{status=\"failed\"} 0\n")
                .contains("# TYPE terrafix_request_latency_ms gauge\n")
                .containsPattern("terrafix_request_latency_ms\\{quantile=\"0.5\"} \\d+\\.\\d+\n")
                .containsPattern("terrafix_request_latency_ms\\{quantile=\"0.95\"} \\d+\\.\\d+\n")
                .containsPattern("terrafix_request_latency_ms\\{quantile=\"0.99\"} \\d+\\.\\d+\n")
                .containsPattern("terrafix_requests_per_second \\d+\\.\\d{2}\n")
                .contains("terrafix_failures_skipped_total 0\n");
    }

    @Test
    void configure_changes_latency_and_failure_rate_at_run_time() {
        MockClient.Reply configured = client.post("/configure", Map.of("latency_ms", 150, "failure_rate", 0.0));
        assertThat(configured.status()).isEqualTo(200);
        assertThat(configured.json().get("message").asText()).isEqualTo("Configuration updated");
        assertThat(configured.json().get("latency_ms").asDouble()).isEqualTo(150.0);
        assertThat(configured.json().get("failure_rate").asDouble()).isEqualTo(0.0);
        long start = System.nanoTime();
        assertThat(client.post("/webhook", payloads.failure("small")).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));

        assertThat(client.post("/configure", "{\"latency_ms\": \"0\", \"failure_rate\": 1}")
                        .status())
                .isEqualTo(200);
        MockClient.Reply failed = client.post("/webhook", payloads.failure("small"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json().get("error").asText()).isEqualTo("Simulated processing failure");
    }

    @Test
    void a_failed_failure_is_processed_again_when_resent() {
        Map<String, Object> failure = payloads.failure("small");
        client.post("/configure", Map.of("failure_rate", 1));
        assertThat(client.post("/webhook", failure).status()).isEqualTo(500);
        client.post("/configure", Map.of("failure_rate", 0));
        MockClient.Reply retried = client.post("/webhook", failure);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("skipped").asBoolean()).isFalse();
    }

    @Test
    void a_batch_answers_per_item_results_and_runs_items_concurrently() {
        client.post("/configure", Map.of("latency_ms", 200));
        List<Map<String, Object>> items = new java.util.ArrayList<>(payloads.batch(10, "small"));
        items.add(Map.of("test_id", "only-a-test-id"));
        long start = System.nanoTime();
        MockClient.Reply batch = client.post("/batch", items);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get("total").asInt()).isEqualTo(11);
        assertThat(batch.json().get("successful").asInt()).isEqualTo(10);
        assertThat(batch.json().get("failed").asInt()).isEqualTo(1);
        JsonNode last = batch.json().get("results").get(10);
        assertThat(last.get("success").asBoolean()).isFalse();
        assertThat(last.get("error").asText()).contains("resource_arn");
        // one after another the 10 items take at least 2,000 ms (the mock sleeps 200 ms in each); any overlap is
        // less, however loaded the machine
        assertThat(took).as("10 items of 200 ms processed concurrently").isLessThan(Duration.ofMillis(2000));
    }
}

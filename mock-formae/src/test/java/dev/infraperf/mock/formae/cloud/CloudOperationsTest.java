package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudOperationsTest extends CloudTestSupport {

    @Test
    void a_create_is_accepted_in_progress_and_completes_on_its_own_after_the_type_s_latency() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::S3::Bucket", "create", Duration.ofMillis(1000)));

        OperationStatus accepted = cloud.submit(
                OperationRequest.create("AWS::S3::Bucket", "bucket-0", Map.of("BucketName", "b-0"), Map.of(), token()));

        assertThat(accepted.status()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(accepted.nativeId()).isEqualTo("b-0");
        assertThat(cloud.resource("b-0")).get().extracting(CloudResource::state).isEqualTo("Creating");
        OperationStatus done = cloud.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5));
        assertThat(done.status()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(done.completedAt()).isNotNull();
        assertThat(done.resourceModel()).containsEntry("BucketName", "b-0").containsKey("Arn");
        assertThat(cloud.resource("b-0")).get().extracting(CloudResource::state).isEqualTo("Available");
    }

    @Test
    void an_accepted_create_completes_even_when_its_client_goes_away_and_never_polls() throws Exception {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::IAM::Role", "create", Duration.ofMillis(300)));
        var shortLived = new SimulatedCloudClient(server.url());
        OperationStatus accepted = shortLived.submit(
                OperationRequest.create("AWS::IAM::Role", "role-0", Map.of("RoleName", "r-0"), Map.of(), "t-1"));
        assertThat(accepted.isFinal()).isFalse();
        shortLived = null;

        await().atMost(Duration.ofSeconds(5))
                .until(() -> cloud.resource("r-0").map(CloudResource::state).orElse(""), "Available"::equals);
        assertThat(cloud.operationByClientToken("t-1"))
                .get()
                .extracting(OperationStatus::status)
                .isEqualTo("Success");
    }

    @Test
    void a_repeated_client_token_returns_the_same_request_and_creates_nothing_more() {
        var request = OperationRequest.create("AWS::SQS::Queue", "q", Map.of("QueueName", "q-0"), Map.of(), "tok-1");
        OperationStatus first = cloud.submit(request);
        OperationStatus again = cloud.submit(request);

        assertThat(again.requestId()).isEqualTo(first.requestId());
        assertThat(cloud.resources()).hasSize(1);
        assertThat(cloud.operationByClientToken("tok-1"))
                .get()
                .extracting(OperationStatus::requestId)
                .isEqualTo(first.requestId());
        assertThat(cloud.operationByClientToken("never-sent")).isEmpty();
    }

    @Test
    void a_client_token_reused_for_a_different_request_is_a_409_ClientTokenConflict() {
        String nativeId = cloud.submit(
                        OperationRequest.create("AWS::SQS::Queue", "q", Map.of("QueueName", "q-0"), Map.of(), "tok-1"))
                .nativeId();

        assertThatThrownBy(() -> cloud.submit(OperationRequest.delete("AWS::SQS::Queue", nativeId, "tok-1")))
                .isInstanceOfSatisfying(CloudApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo("ClientTokenConflict");
                });
    }

    @Test
    void malformed_operations_are_refused_with_400_naming_what_was_wrong() {
        assertThatThrownBy(() ->
                        cloud.submit(new OperationRequest("destroy", "AWS::S3::Bucket", "b", null, null, null, null)))
                .isInstanceOfSatisfying(CloudApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("InvalidRequest");
                    assertThat(e.getMessage()).contains("[destroy]", "create, update, delete, read");
                });
        assertThatThrownBy(() -> cloud.submit(OperationRequest.create("S3Bucket", "b", Map.of(), Map.of(), null)))
                .hasMessageContaining("[S3Bucket] is not a resource type");
        assertThatThrownBy(() -> cloud.submit(OperationRequest.delete("AWS::S3::Bucket", null, null)))
                .hasMessageContaining("needs a nativeId");
        assertThat(cloud.resources()).isEmpty();
    }

    @Test
    void update_delete_and_read_of_a_missing_resource_fail_with_NotFound() {
        for (OperationRequest request : List.of(
                OperationRequest.update("AWS::S3::Bucket", "nope", Map.of(), null, token()),
                OperationRequest.delete("AWS::S3::Bucket", "nope", token()),
                OperationRequest.read("AWS::S3::Bucket", "nope", token()))) {
            OperationStatus status = cloud.submit(request);
            assertThat(status.status()).isEqualTo(OperationStatus.FAILED);
            assertThat(status.errorCode()).isEqualTo("NotFound");
        }
    }

    @Test
    void a_second_create_of_a_named_resource_fails_with_AlreadyExists() {
        create("AWS::S3::Bucket", "b", Map.of("BucketName", "same"));

        OperationStatus again = createAndWait("AWS::S3::Bucket", "b2", Map.of("BucketName", "same"));

        assertThat(again.errorCode()).isEqualTo("AlreadyExists");
        assertThat(cloud.resources()).hasSize(1);
    }

    @Test
    void a_read_answers_at_once_with_the_resource_model_and_is_not_kept() {
        String id = create("AWS::Logs::LogGroup", "lg", Map.of("LogGroupName", "/perf-test/x/app-0"))
                .nativeId();

        OperationStatus read = cloud.submit(OperationRequest.read("AWS::Logs::LogGroup", id, token()));

        assertThat(read.status()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(read.resourceModel()).containsEntry("LogGroupName", "/perf-test/x/app-0");
        assertThat(cloud.resource("/perf-test/x/app-0")).isPresent();
        assertThat(cloud.operations(null, null, "read", null))
                .as("reads are answered, not kept")
                .isEmpty();
    }

    @Test
    void an_update_replaces_properties_keeps_generated_attributes_and_conflicts_while_another_runs() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::SQS::Queue", "update", Duration.ofMillis(1000)));
        OperationStatus created = create("AWS::SQS::Queue", "q", Map.of("QueueName", "q-0", "VisibilityTimeout", 30));
        String arn = (String) created.resourceModel().get("Arn");

        OperationStatus update = cloud.submit(OperationRequest.update(
                "AWS::SQS::Queue", "q-0", Map.of("VisibilityTimeout", 60), Map.of("team", "perf"), token()));
        OperationStatus concurrent = cloud.submit(OperationRequest.delete("AWS::SQS::Queue", "q-0", token()));
        assertThat(concurrent.errorCode()).isEqualTo("ResourceConflict");

        OperationStatus done = cloud.awaitCompletion(update.requestId(), Duration.ofSeconds(5));
        assertThat(done.resourceModel())
                .containsEntry("VisibilityTimeout", 60)
                .containsEntry("QueueName", "q-0")
                .containsEntry("Arn", arn);
        assertThat(cloud.resource("q-0").orElseThrow().tags()).containsEntry("team", "perf");
    }

    @Test
    void an_injected_failure_fails_the_next_operations_of_that_type_at_completion_time() {
        cloud.setFaults(CloudFaults.none().withFailNext("AWS::DynamoDB::Table", "create", 1, "InternalFailure"));

        OperationStatus failed = createAndWait("AWS::DynamoDB::Table", "t", Map.of("TableName", "t-0"));
        OperationStatus next = createAndWait("AWS::DynamoDB::Table", "t", Map.of("TableName", "t-0"));

        assertThat(failed.errorCode()).isEqualTo("InternalFailure");
        assertThat(next.isSuccess()).isTrue();
        assertThat(cloud.resources()).hasSize(1);
        assertThat(cloud.faults().failNext()).isEmpty();
    }

    @Test
    void a_delete_keeps_the_resource_deleting_until_its_latency_has_passed() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::EC2::VPC", "delete", Duration.ofMillis(1000)));
        String vpc = create("AWS::EC2::VPC", "v", Map.of()).nativeId();

        OperationStatus accepted = cloud.submit(OperationRequest.delete("AWS::EC2::VPC", vpc, token()));

        assertThat(cloud.resource(vpc)).get().extracting(CloudResource::state).isEqualTo("Deleting");
        assertThat(cloud.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5))
                        .isSuccess())
                .isTrue();
        assertThat(cloud.resource(vpc)).isEmpty();
    }

    @Test
    void the_latency_scale_stretches_the_default_latencies() {
        cloud.setFaults(CloudFaults.none().withLatencyScale(0.1));

        // AWS::EC2::VPC takes 2000 ms at scale 1, so 200 ms here
        OperationStatus accepted =
                cloud.submit(OperationRequest.create("AWS::EC2::VPC", "v", Map.of(), Map.of(), token()));
        OperationStatus done = cloud.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5));

        // AWS::EC2::VPC takes 2000 ms at scale 1: 200 ms here, exactly as the fault settings compute it
        FaultSettings settings = new FaultSettings(CloudOptions.defaults().withLatencyScale(1.0), () -> 0L);
        settings.merge(CloudFaults.none().withLatencyScale(0.1));
        assertThat(settings.latencyMillis("AWS::EC2::VPC", "create")).isEqualTo(200);
        assertThat(settings.latencyMillis("AWS::EC2::VPC", "delete")).isEqualTo(150);
        assertThat(settings.latencyMillis("AWS::EC2::VPC", "update")).isEqualTo(100);
        settings.merge(CloudFaults.none().withLatency("AWS::EC2::VPC", "create", Duration.ofMillis(7)));
        assertThat(settings.latencyMillis("AWS::EC2::VPC", "create"))
                .as("absolute override")
                .isEqualTo(7);
        // and the cloud honours it: the create completes no earlier than its latency
        Duration took = Duration.between(Instant.parse(done.submittedAt()), Instant.parse(done.completedAt()));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(199));
    }

    @Test
    void operations_are_listed_by_label_type_operation_and_status_so_re_executed_creates_can_be_counted() {
        create("AWS::S3::Bucket", "bucket-0", Map.of("BucketName", "b-0"));
        createAndWait("AWS::S3::Bucket", "bucket-0", Map.of("BucketName", "b-0"));
        create("AWS::IAM::Role", "role-0", Map.of());

        assertThat(cloud.operations("bucket-0", null, "create", null))
                .extracting(OperationStatus::status, OperationStatus::errorCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Success", null),
                        org.assertj.core.groups.Tuple.tuple("Failed", "AlreadyExists"));
        assertThat(cloud.operations(null, "AWS::IAM::Role", null, "Success")).hasSize(1);
        assertThat(cloud.operations(null, null, null, null)).hasSize(3);
    }
}

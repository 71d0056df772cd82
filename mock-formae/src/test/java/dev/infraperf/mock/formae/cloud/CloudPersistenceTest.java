package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudPersistenceTest {

    @TempDir
    Path dir;

    private CloudOptions options() {
        return CloudOptions.defaults().withLatencyScale(0).withDataFile(dir.resolve("cloud.jsonl"));
    }

    private static OperationStatus createDone(
            SimulatedCloudClient client, String type, String label, Map<String, Object> p) {
        OperationStatus accepted = client.submit(OperationRequest.create(type, label, p, Map.of("env", "e1"), label));
        return client.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5));
    }

    @Test
    void resources_operations_and_dependency_rules_survive_a_restart_of_the_cloud() {
        String vpc;
        String subnet;
        try (var cloud = SimulatedCloudServer.start(options())) {
            var client = cloud.client();
            vpc = createDone(client, "AWS::EC2::VPC", "vpc-0", Map.of()).nativeId();
            subnet = createDone(client, "AWS::EC2::Subnet", "subnet-0", Map.of("VpcId", vpc))
                    .nativeId();
            String gone = createDone(client, "AWS::S3::Bucket", "b", Map.of()).nativeId();
            client.deleteOutOfBand(gone);
        }

        try (var cloud = SimulatedCloudServer.start(options())) {
            var client = cloud.client();
            assertThat(client.resources()).extracting(CloudResource::nativeId).containsExactly(vpc, subnet);
            assertThat(client.resource(subnet).orElseThrow().tags()).containsEntry("env", "e1");
            assertThat(client.operationByClientToken("vpc-0"))
                    .get()
                    .extracting(OperationStatus::nativeId)
                    .isEqualTo(vpc);
            OperationStatus blocked = client.submit(OperationRequest.delete("AWS::EC2::VPC", vpc, "del-vpc"));
            assertThat(blocked.errorCode()).isEqualTo("DependencyViolation");
        }
    }

    @Test
    void a_create_in_flight_when_the_cloud_stops_completes_after_it_starts_again() {
        String requestId;
        try (var cloud = SimulatedCloudServer.start(options())) {
            var client = cloud.client();
            client.setFaults(CloudFaults.none().withLatency("AWS::IAM::Role", "create", Duration.ofMillis(1500)));
            requestId = client.submit(
                            OperationRequest.create("AWS::IAM::Role", "role", Map.of("RoleName", "r-0"), Map.of(), "t"))
                    .requestId();
        }

        try (var cloud = SimulatedCloudServer.start(options())) {
            var client = cloud.client();
            assertThat(client.operation(requestId).status()).isEqualTo(OperationStatus.IN_PROGRESS);
            assertThat(client.awaitCompletion(requestId, Duration.ofSeconds(5)).isSuccess())
                    .isTrue();
            assertThat(client.resource("r-0"))
                    .get()
                    .extracting(CloudResource::state)
                    .isEqualTo("Available");
        }
    }

    @Test
    void a_torn_last_journal_line_is_ignored() throws IOException {
        try (var cloud = SimulatedCloudServer.start(options())) {
            createDone(cloud.client(), "AWS::SQS::Queue", "q", Map.of("QueueName", "q-0"));
        }
        Files.writeString(options().dataFile(), "{\"resource\":{\"nativeId\":\"half", StandardOpenOption.APPEND);

        try (var cloud = SimulatedCloudServer.start(options())) {
            assertThat(cloud.client().resources())
                    .extracting(CloudResource::nativeId)
                    .containsExactly("q-0");
        }
    }

    /** Persistence at scale; how long it takes is bench/mock-formae.sh's figure (apply_2000_s), not a test's. */
    @Test
    void two_thousand_creates_with_a_data_file_all_succeed_and_all_survive_a_restart() {
        try (var cloud = SimulatedCloudServer.start(options())) {
            var client = cloud.client();
            for (int i = 0; i < 2000; i++) {
                OperationStatus status = client.submit(OperationRequest.create(
                        "AWS::S3::Bucket", "b-" + i, Map.of("BucketName", "perf-b-" + i), Map.of("env", "x"), "c" + i));
                assertThat(status.isSuccess()).as("create %d", i).isTrue();
            }
        }
        try (var cloud = SimulatedCloudServer.start(options())) {
            assertThat(cloud.client().resources(ResourceQuery.all().withTag("env", "x")))
                    .extracting(CloudResource::properties)
                    .hasSize(2000)
                    .anySatisfy(p -> assertThat(p).containsEntry("BucketName", "perf-b-0"))
                    .anySatisfy(p -> assertThat(p).containsEntry("BucketName", "perf-b-1999"));
        }
    }

    @Test
    void the_cloud_process_killed_with_sigkill_keeps_its_resources_and_finishes_work_in_flight_after_a_restart()
            throws Exception {
        Path data = dir.resolve("process.jsonl");
        Process first = startProcess(data);
        String requestId;
        try {
            var client = new SimulatedCloudClient(readyUrl(first));
            String vpc = createDone(client, "AWS::EC2::VPC", "vpc-0", Map.of()).nativeId();
            assertThat(vpc).startsWith("vpc-");
            client.setFaults(CloudFaults.none().withLatency("AWS::S3::Bucket", "create", Duration.ofMillis(500)));
            requestId = client.submit(OperationRequest.create(
                            "AWS::S3::Bucket", "b", Map.of("BucketName", "orphan-0"), Map.of(), "tok-b"))
                    .requestId();
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        Process second = startProcess(data);
        try {
            var client = new SimulatedCloudClient(readyUrl(second));
            assertThat(client.resources("AWS::EC2::VPC", Map.of())).hasSize(1);
            assertThat(client.awaitCompletion(requestId, Duration.ofSeconds(5)).isSuccess())
                    .isTrue();
            assertThat(client.resource("orphan-0")).isPresent();
        } finally {
            second.destroy();
            assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Process startProcess(Path data) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        SimulatedCloudMain.class.getName(),
                        "--port",
                        "0",
                        "--latency-scale",
                        "0",
                        "--data-file",
                        data.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static URI readyUrl(Process process) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.startsWith(SimulatedCloudMain.READY_PREFIX)) {
                return URI.create(
                        line.substring(SimulatedCloudMain.READY_PREFIX.length()).trim());
            }
            seen.add(line);
        }
        throw new IllegalStateException(
                "the cloud process ended without a ready line; it printed: " + seen + " " + UUID.randomUUID());
    }
}

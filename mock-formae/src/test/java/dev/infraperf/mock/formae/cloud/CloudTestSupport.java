package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts one instant (latency scale 0) cloud per test class and resets it before each test. */
abstract class CloudTestSupport {

    static SimulatedCloudServer server;
    static SimulatedCloudClient cloud;

    @BeforeAll
    static void startCloud() {
        server = SimulatedCloudServer.start(CloudOptions.defaults().withLatencyScale(0));
        cloud = server.client();
    }

    @AfterAll
    static void stopCloud() {
        server.close();
    }

    @BeforeEach
    void resetCloud() {
        cloud.reset();
    }

    static String token() {
        return UUID.randomUUID().toString();
    }

    /** Creates a resource and waits until the create is final; asserts that it succeeded. */
    static OperationStatus create(String type, String label, Map<String, Object> properties) {
        OperationStatus status = createAndWait(type, label, properties);
        assertThat(status.status())
                .as("create %s %s: %s %s", type, label, status.errorCode(), status.message())
                .isEqualTo(OperationStatus.SUCCESS);
        return status;
    }

    static OperationStatus createAndWait(String type, String label, Map<String, Object> properties) {
        OperationStatus accepted = cloud.submit(OperationRequest.create(type, label, properties, Map.of(), token()));
        return cloud.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5));
    }

    static OperationStatus delete(String type, String nativeId) {
        OperationStatus accepted = cloud.submit(OperationRequest.delete(type, nativeId, token()));
        return cloud.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5));
    }

    static List<String> ids(List<CloudResource> resources) {
        return resources.stream().map(CloudResource::nativeId).toList();
    }
}

package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-namespace throttle over HTTP, on a clock the test moves by hand: exact counts, no sleeps. */
class CloudThrottlingTest {

    private static final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private static SimulatedCloudServer server;
    private static SimulatedCloudClient cloud;

    @BeforeAll
    static void startCloud() {
        server = SimulatedCloudServer.start(CloudOptions.defaults().withLatencyScale(0), clock::get);
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

    private static void advanceMillis(long millis) {
        clock.addAndGet(millis * 1_000_000);
    }

    /** How many of a burst of creates were accepted, and the last refusal. */
    private record Burst(int accepted, CloudApiException lastRefusal) {}

    private static Burst burst(SimulatedCloudClient client, int attempts, String type) {
        int accepted = 0;
        CloudApiException refused = null;
        for (int i = 0; i < attempts; i++) {
            try {
                client.submit(OperationRequest.create(
                        type,
                        "r-" + UUID.randomUUID(),
                        Map.of(),
                        Map.of(),
                        UUID.randomUUID().toString()));
                accepted++;
            } catch (CloudApiException e) {
                assertThat(e.isThrottling()).as("unexpected error %s", e).isTrue();
                refused = e;
            }
        }
        return new Burst(accepted, refused);
    }

    @Test
    void operations_beyond_a_namespace_s_rate_are_refused_with_429_Throttling_and_nothing_is_recorded() {
        cloud.setFaults(CloudFaults.none().withThrottle("S3", 2.0));

        Burst burst = burst(cloud, 20, "AWS::S3::Bucket");

        assertThat(burst.accepted()).as("a full bucket of 2").isEqualTo(2);
        assertThat(cloud.resources()).hasSize(2);
        assertThat(cloud.operations(null, null, null, null)).hasSize(2);
        CloudApiException e = burst.lastRefusal();
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.errorCode()).isEqualTo("Throttling");
        assertThat(e.getMessage()).contains("S3", "2.0 operations/s");
    }

    @Test
    void other_namespaces_are_not_throttled_by_one_namespace_s_limit() {
        cloud.setFaults(CloudFaults.none().withThrottle("EC2", 1.0));

        assertThat(burst(cloud, 10, "AWS::EC2::VPC").accepted()).isEqualTo(1);
        assertThat(burst(cloud, 5, "AWS::IAM::Role").accepted()).isEqualTo(5);
    }

    @Test
    void tokens_come_back_at_the_configured_rate() {
        cloud.setFaults(CloudFaults.none().withThrottle("*", 10.0));
        assertThat(burst(cloud, 20, "AWS::Route53::HostedZone").accepted()).isEqualTo(10);

        advanceMillis(300);
        assertThat(burst(cloud, 10, "AWS::Route53::HostedZone").accepted()).isEqualTo(3);

        advanceMillis(5_000);
        assertThat(burst(cloud, 20, "AWS::Route53::HostedZone").accepted())
                .as("never more than the burst")
                .isEqualTo(10);
    }

    @Test
    void a_repeated_client_token_is_answered_even_when_the_namespace_is_out_of_tokens() {
        cloud.setFaults(CloudFaults.none().withThrottle("SQS", 0.1));
        var request = OperationRequest.create("AWS::SQS::Queue", "q", Map.of(), Map.of(), "tok-q");
        OperationStatus first = cloud.submit(request);

        assertThat(cloud.submit(request).requestId()).isEqualTo(first.requestId());
        assertThat(burst(cloud, 1, "AWS::SQS::Queue").accepted()).isZero();
    }

    @Test
    void the_start_up_rate_limit_applies_to_every_namespace() {
        AtomicLong own = new AtomicLong();
        try (var limited = SimulatedCloudServer.start(
                CloudOptions.defaults().withLatencyScale(0).withRateLimit(CloudOptions.parseRate("2/s")), own::get)) {
            var client = limited.client();
            assertThat(burst(client, 10, "AWS::IAM::Role").accepted()).isEqualTo(2);
            assertThat(burst(client, 10, "AWS::S3::Bucket").accepted()).isEqualTo(2);
            own.addAndGet(1_000_000_000L);
            assertThat(burst(client, 10, "AWS::S3::Bucket").accepted()).isEqualTo(2);
        }
    }
}

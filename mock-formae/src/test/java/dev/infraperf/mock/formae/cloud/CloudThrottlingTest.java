package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudThrottlingTest extends CloudTestSupport {

    /** How many of a burst of creates were accepted, and how long the burst took. */
    private record Burst(int attempts, int accepted, double seconds, CloudApiException lastRefusal) {

        /** Bucket starts full (max(1, rate) tokens) and refills at {@code rate}; +1 for rounding. */
        void respects(double rate) {
            double burst = Math.max(1, rate);
            assertThat(accepted)
                    .as("accepted of %d in %.2f s", attempts, seconds)
                    .isGreaterThanOrEqualTo((int) burst);
            assertThat(accepted)
                    .as("accepted of %d in %.2f s", attempts, seconds)
                    .isLessThanOrEqualTo((int) (burst + seconds * rate) + 1);
        }
    }

    private static Burst burst(SimulatedCloudClient client, int attempts, String type) {
        int accepted = 0;
        CloudApiException refused = null;
        long start = System.nanoTime();
        for (int i = 0; i < attempts; i++) {
            try {
                client.submit(OperationRequest.create(type, "r-" + i, Map.of(), Map.of(), token()));
                accepted++;
            } catch (CloudApiException e) {
                assertThat(e.isThrottling()).as("unexpected error %s", e).isTrue();
                refused = e;
            }
        }
        return new Burst(attempts, accepted, (System.nanoTime() - start) / 1e9, refused);
    }

    @Test
    void operations_beyond_a_namespace_s_rate_are_refused_with_429_Throttling_and_nothing_is_recorded() {
        cloud.setFaults(CloudFaults.none().withThrottle("S3", 2.0));

        Burst burst = burst(cloud, 20, "AWS::S3::Bucket");

        burst.respects(2.0);
        assertThat(cloud.resources()).hasSize(burst.accepted());
        assertThat(cloud.operations(null, null, null, null)).hasSize(burst.accepted());
        CloudApiException e = burst.lastRefusal();
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.errorCode()).isEqualTo("Throttling");
        assertThat(e.getMessage()).contains("S3", "2.0 operations/s");
    }

    @Test
    void other_namespaces_are_not_throttled_by_one_namespace_s_limit() {
        cloud.setFaults(CloudFaults.none().withThrottle("EC2", 1.0));

        burst(cloud, 10, "AWS::EC2::VPC").respects(1.0);
        assertThat(burst(cloud, 5, "AWS::IAM::Role").accepted()).isEqualTo(5);
    }

    @Test
    void tokens_come_back_at_the_configured_rate() throws InterruptedException {
        cloud.setFaults(CloudFaults.none().withThrottle("*", 10.0));
        burst(cloud, 20, "AWS::Route53::HostedZone");
        long emptiedAt = System.nanoTime();

        Thread.sleep(300);
        int accepted = burst(cloud, 10, "AWS::Route53::HostedZone").accepted();
        double elapsedSeconds = (System.nanoTime() - emptiedAt) / 1e9;

        // at 10/s, 0.3 s refill about 3 tokens; never more than the elapsed time allows (+1 for rounding)
        assertThat(accepted).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo((int) (elapsedSeconds * 10) + 1);
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
        try (var limited = SimulatedCloudServer.start(
                CloudOptions.defaults().withLatencyScale(0).withRateLimit(CloudOptions.parseRate("2/s")))) {
            var client = limited.client();
            burst(client, 10, "AWS::IAM::Role").respects(2.0);
            burst(client, 10, "AWS::S3::Bucket").respects(2.0);
        }
    }
}

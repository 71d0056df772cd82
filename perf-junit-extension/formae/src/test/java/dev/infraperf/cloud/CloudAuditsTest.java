package dev.infraperf.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.Docker;
import dev.infraperf.parts.PartUnavailableException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudAuditsTest {

    @Test
    void without_an_endpoint_and_without_docker_the_aws_api_is_skipped_with_the_reason() {
        assumeFalse(Docker.isAvailable(), "Docker is present: LocalStack would start");
        PerfConfig none = PerfConfig.of(Map.of(), Map.of(), Map.of());

        assertThatThrownBy(() -> CloudAudits.aws(none))
                .isInstanceOf(PartUnavailableException.class)
                .hasMessage(
                        "AWS API: none available (no perf.aws.endpoint / AWS_ENDPOINT_URL; no Docker for LocalStack "
                                + CloudAudits.LOCALSTACK_IMAGE + ")");
    }

    @Test
    void the_localstack_image_is_pinned_to_a_4_x_tag() {
        assertThat(CloudAudits.LOCALSTACK_IMAGE).matches("localstack/localstack:4\\.\\d+\\.\\d+");
    }

    @Test
    void an_environment_that_does_not_fit_names_quota_usage_and_need() {
        QuotaSource source = new QuotaSource() {
            @Override
            public List<Quota> quotas() {
                return List.of(
                        new Quota("L-F678F1CE", "VPCs per Region", "AWS::EC2::VPC", 5, 4),
                        new Quota("L-A4707A72", "Internet gateways per Region", "AWS::EC2::InternetGateway", 5, 1),
                        new Quota("L-FE5A380F", "NAT gateways per Availability Zone", "AWS::EC2::NatGateway", 5, 0));
            }

            @Override
            public String describe() {
                return "test quotas";
            }
        };

        assertThat(QuotaPreflight.shortfalls(
                        source, Map.of("AWS::EC2::VPC", 3, "AWS::EC2::InternetGateway", 3, "AWS::EC2::NatGateway", 3)))
                .containsExactly("VPCs per Region (L-F678F1CE): quota 5, in use 4, this environment needs 3 more");
        assertThat(QuotaPreflight.shortfalls(source, Map.of("AWS::EC2::VPC", 1)))
                .isEmpty();
    }
}

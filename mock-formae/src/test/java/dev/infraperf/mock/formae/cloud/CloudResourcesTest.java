package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudResourcesTest extends CloudTestSupport {

    private static String tagged(String type, String label, String env, Map<String, Object> extra) {
        var props = new java.util.LinkedHashMap<String, Object>(extra);
        props.put(
                "Tags", List.of(Map.of("Key", "Name", "Value", label), Map.of("Key", "ManagedBy", "Value", "formae")));
        OperationStatus accepted = cloud.submit(
                OperationRequest.create(type, label, props, Map.of("FormaeStackLabel", "perf-test-" + env), token()));
        return cloud.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5))
                .nativeId();
    }

    @Test
    void resources_are_listed_by_type_tag_value_tag_key_label_prefix_and_state_combined() {
        String b1 = tagged("AWS::S3::Bucket", "perf-a-bucket-0", "perf-a", Map.of("BucketName", "perf-a-bucket-0"));
        String b2 = tagged("AWS::S3::Bucket", "perf-b-bucket-0", "perf-b", Map.of("BucketName", "perf-b-bucket-0"));
        String vpc = tagged("AWS::EC2::VPC", "perf-a-vpc-0", "perf-a", Map.of());
        String efs = create(
                        "AWS::EFS::FileSystem",
                        "perf-a-efs-0",
                        Map.of("FileSystemTags", List.of(Map.of("Key", "Name", "Value", "perf-a-efs-0"))))
                .nativeId();

        assertThat(ids(cloud.resources("AWS::S3::Bucket", Map.of()))).containsExactly(b1, b2);
        assertThat(ids(cloud.resources(null, Map.of("FormaeStackLabel", "perf-test-perf-a"))))
                .containsExactly(b1, vpc);
        assertThat(ids(cloud.resources("AWS::S3::Bucket", Map.of("FormaeStackLabel", "perf-test-perf-a"))))
                .containsExactly(b1);
        assertThat(ids(cloud.resources(ResourceQuery.all().withTagKey("ManagedBy"))))
                .containsExactly(b1, b2, vpc);
        assertThat(ids(cloud.resources(ResourceQuery.all().withTag("Name", "perf-a-efs-0"))))
                .containsExactly(efs);
        assertThat(ids(cloud.resources(ResourceQuery.all().withLabelPrefix("perf-a-"))))
                .containsExactly(b1, vpc, efs);
        assertThat(ids(cloud.resources(ResourceQuery.all().withState("Creating"))))
                .isEmpty();
        assertThat(cloud.resource(vpc).orElseThrow().tags())
                .containsEntry("Name", "perf-a-vpc-0")
                .containsEntry("ManagedBy", "formae")
                .containsEntry("FormaeStackLabel", "perf-test-perf-a");
    }

    @Test
    void an_out_of_band_delete_removes_a_resource_at_once_without_dependency_checks() {
        OperationStatus zone = create("AWS::Route53::HostedZone", "z", Map.of("Name", "z.internal"));
        String record = create("AWS::Route53::RecordSet", "r", Map.of("HostedZoneId", zone.nativeId(), "Type", "A"))
                .nativeId();

        assertThatThrownBy(() -> cloud.deleteOutOfBandCheckingDependencies(zone.nativeId()))
                .isInstanceOfSatisfying(CloudApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo("HostedZoneNotEmpty");
                });
        assertThat(cloud.deleteOutOfBand(zone.nativeId()))
                .get()
                .extracting(CloudResource::nativeId)
                .isEqualTo(zone.nativeId());

        assertThat(cloud.resource(zone.nativeId())).isEmpty();
        assertThat(ids(cloud.resources())).containsExactly(record);
        assertThat(cloud.deleteOutOfBand(zone.nativeId())).isEmpty();
        OperationStatus read =
                cloud.submit(OperationRequest.read("AWS::Route53::HostedZone", zone.nativeId(), token()));
        assertThat(read.errorCode()).isEqualTo("NotFound");
    }

    @Test
    void an_operation_in_flight_on_a_resource_deleted_out_of_band_fails_with_NotFound() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::S3::Bucket", "create", Duration.ofMillis(1000)));
        OperationStatus accepted = cloud.submit(
                OperationRequest.create("AWS::S3::Bucket", "b", Map.of("BucketName", "b-x"), Map.of(), token()));

        cloud.deleteOutOfBand("b-x");

        OperationStatus done = cloud.awaitCompletion(accepted.requestId(), Duration.ofSeconds(5));
        assertThat(done.errorCode()).isEqualTo("NotFound");
        assertThat(cloud.resources()).isEmpty();
    }

    @Test
    void quotas_report_values_and_usage_and_creates_beyond_the_vpc_quota_fail() {
        cloud.setQuota(CloudQuota.VPCS, 2);
        create("AWS::EC2::VPC", "v0", Map.of());
        create("AWS::EC2::VPC", "v1", Map.of());
        create("AWS::EC2::InternetGateway", "igw", Map.of());

        OperationStatus third = createAndWait("AWS::EC2::VPC", "v2", Map.of());

        assertThat(third.errorCode()).isEqualTo("VpcLimitExceeded");
        assertThat(third.message()).contains("L-F678F1CE");
        assertThat(cloud.quotas())
                .extracting(CloudQuota::quotaCode, CloudQuota::value, CloudQuota::usage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("L-F678F1CE", 2, 2),
                        org.assertj.core.groups.Tuple.tuple("L-A4707A72", 5, 1),
                        org.assertj.core.groups.Tuple.tuple("L-FE5A380F", 5, 0));
        assertThatThrownBy(() -> cloud.setQuota("L-UNKNOWN", 3)).hasMessageContaining("L-UNKNOWN");
    }

    @Test
    void nat_gateway_usage_is_counted_per_availability_zone() {
        String vpc = create("AWS::EC2::VPC", "v", Map.of()).nativeId();
        String a = create("AWS::EC2::Subnet", "a", Map.of("VpcId", vpc, "AvailabilityZone", "us-east-1a"))
                .nativeId();
        String b = create("AWS::EC2::Subnet", "b", Map.of("VpcId", vpc, "AvailabilityZone", "us-east-1b"))
                .nativeId();
        cloud.setQuota(CloudQuota.NAT_GATEWAYS, 1);

        create("AWS::EC2::NatGateway", "n-a", Map.of("SubnetId", a));
        create("AWS::EC2::NatGateway", "n-b", Map.of("SubnetId", b));
        OperationStatus second = createAndWait("AWS::EC2::NatGateway", "n-a2", Map.of("SubnetId", a));

        assertThat(second.errorCode()).isEqualTo("NatGatewayLimitExceeded");
        assertThat(cloud.quotas())
                .filteredOn(q -> q.quotaCode().equals(CloudQuota.NAT_GATEWAYS))
                .extracting(CloudQuota::usage)
                .containsExactly(1);
    }

    @Test
    void health_counts_resources_and_operations_in_flight_and_reset_empties_the_cloud() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::S3::Bucket", "create", Duration.ofSeconds(30)));
        cloud.submit(OperationRequest.create("AWS::S3::Bucket", "b", Map.of(), Map.of(), token()));

        CloudHealth health = cloud.health();
        assertThat(health.status()).isEqualTo("ok");
        assertThat(health.resources()).isEqualTo(1);
        assertThat(health.inFlight()).isEqualTo(1);

        cloud.reset();
        assertThat(cloud.health().resources()).isZero();
        assertThat(cloud.faults().latencyMs()).isEmpty();
    }

    @Test
    void faults_merge_and_reset_to_the_start_up_settings() {
        cloud.setFaults(CloudFaults.none().withThrottle("S3", 2.0));
        CloudFaults merged =
                cloud.setFaults(CloudFaults.none().withLatencyScale(0.5).withThrottle("EC2", 1.0));

        assertThat(merged.throttle()).containsEntry("S3", 2.0).containsEntry("EC2", 1.0);
        assertThat(merged.latencyScale()).isEqualTo(0.5);
        cloud.resetFaults();
        assertThat(cloud.faults().throttle()).isEmpty();
        assertThat(cloud.faults().latencyScale()).isEqualTo(0.0);
        assertThatThrownBy(() -> cloud.setFaults(CloudFaults.none().withThrottle("S3", -1)))
                .isInstanceOfSatisfying(
                        CloudApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
    }
}

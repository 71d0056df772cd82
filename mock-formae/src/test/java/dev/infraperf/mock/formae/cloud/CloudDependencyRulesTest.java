package dev.infraperf.mock.formae.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudDependencyRulesTest extends CloudTestSupport {

    private static String vpc() {
        return create("AWS::EC2::VPC", "vpc-0", Map.of("CidrBlock", "10.0.0.0/16"))
                .nativeId();
    }

    private static String subnet(String vpc, String zone) {
        return create(
                        "AWS::EC2::Subnet",
                        "subnet-" + zone,
                        Map.of("VpcId", vpc, "CidrBlock", "10.0.1.0/24", "AvailabilityZone", zone))
                .nativeId();
    }

    @Test
    void a_hosted_zone_with_a_record_set_fails_deletion_with_HostedZoneNotEmpty_until_the_record_set_is_gone() {
        OperationStatus zone = create("AWS::Route53::HostedZone", "zone-0", Map.of("Name", "z0.perftest.internal"));
        String zoneId = (String) zone.resourceModel().get("Id");
        String record = create(
                        "AWS::Route53::RecordSet",
                        "record-0",
                        Map.of("HostedZoneId", zoneId, "Name", "record-0.z0.perftest.internal", "Type", "A"))
                .nativeId();

        OperationStatus blocked = delete("AWS::Route53::HostedZone", zone.nativeId());
        assertThat(blocked.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(blocked.errorCode()).isEqualTo("HostedZoneNotEmpty");
        assertThat(blocked.message()).contains(record);
        assertThat(cloud.resource(zone.nativeId()))
                .get()
                .extracting(CloudResource::state)
                .isEqualTo("Available");

        assertThat(delete("AWS::Route53::RecordSet", record).isSuccess()).isTrue();
        assertThat(delete("AWS::Route53::HostedZone", zone.nativeId()).isSuccess())
                .isTrue();
        assertThat(cloud.resource(zone.nativeId())).isEmpty();
    }

    @Test
    void a_zone_s_own_NS_record_does_not_block_its_deletion() {
        OperationStatus zone = create("AWS::Route53::HostedZone", "zone-0", Map.of("Name", "z0.perftest.internal."));
        create(
                "AWS::Route53::RecordSet",
                "ns",
                Map.of("HostedZoneId", zone.nativeId(), "Name", "z0.perftest.internal", "Type", "NS"));

        assertThat(delete("AWS::Route53::HostedZone", zone.nativeId()).isSuccess())
                .isTrue();
    }

    @Test
    void a_record_set_whose_delete_is_still_in_flight_blocks_its_hosted_zone() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::Route53::RecordSet", "delete", Duration.ofMillis(1000)));
        OperationStatus zone = create("AWS::Route53::HostedZone", "zone-0", Map.of("Name", "z0.perftest.internal"));
        String record = create("AWS::Route53::RecordSet", "r", Map.of("HostedZoneId", zone.nativeId(), "Type", "A"))
                .nativeId();

        OperationStatus recordDelete =
                cloud.submit(OperationRequest.delete("AWS::Route53::RecordSet", record, token()));
        assertThat(recordDelete.status()).isEqualTo(OperationStatus.IN_PROGRESS);
        OperationStatus zoneDelete = delete("AWS::Route53::HostedZone", zone.nativeId());

        assertThat(zoneDelete.errorCode()).isEqualTo("HostedZoneNotEmpty");
        assertThat(cloud.awaitCompletion(recordDelete.requestId(), Duration.ofSeconds(5))
                        .isSuccess())
                .isTrue();
    }

    @Test
    void a_vpc_with_a_subnet_a_security_group_or_an_attached_gateway_fails_deletion_with_DependencyViolation() {
        String vpc = vpc();
        String subnet = subnet(vpc, "us-east-1a");
        String sg = create("AWS::EC2::SecurityGroup", "sg", Map.of("VpcId", vpc, "GroupDescription", "d"))
                .nativeId();
        String igw = create("AWS::EC2::InternetGateway", "igw", Map.of()).nativeId();
        String attachment = create(
                        "AWS::EC2::VPCGatewayAttachment", "att", Map.of("VpcId", vpc, "InternetGatewayId", igw))
                .nativeId();

        for (String dependent : List.of(subnet, sg, attachment)) {
            OperationStatus blocked = delete("AWS::EC2::VPC", vpc);
            assertThat(blocked.errorCode()).isEqualTo("DependencyViolation");
            assertThat(blocked.message()).contains(dependent);
            String type = cloud.resource(dependent).orElseThrow().type();
            assertThat(delete(type, dependent).isSuccess()).isTrue();
        }
        assertThat(delete("AWS::EC2::VPC", vpc).isSuccess()).isTrue();
    }

    @Test
    void an_attached_internet_gateway_fails_deletion_with_DependencyViolation() {
        String vpc = vpc();
        String igw = create("AWS::EC2::InternetGateway", "igw", Map.of()).nativeId();
        String attachment = create(
                        "AWS::EC2::VPCGatewayAttachment", "att", Map.of("VpcId", vpc, "InternetGatewayId", igw))
                .nativeId();

        assertThat(delete("AWS::EC2::InternetGateway", igw).errorCode()).isEqualTo("DependencyViolation");
        assertThat(delete("AWS::EC2::VPCGatewayAttachment", attachment).isSuccess())
                .isTrue();
        assertThat(delete("AWS::EC2::InternetGateway", igw).isSuccess()).isTrue();
    }

    @Test
    void a_subnet_with_an_instance_fails_deletion_with_DependencyViolation() {
        String subnet = subnet(vpc(), "us-east-1a");
        String instance = create(
                        "AWS::EC2::Instance",
                        "i",
                        Map.of("SubnetId", subnet, "ImageId", "ami-0c02fb55b2c6c5bdc", "InstanceType", "t3.micro"))
                .nativeId();

        assertThat(delete("AWS::EC2::Subnet", subnet).errorCode()).isEqualTo("DependencyViolation");
        assertThat(delete("AWS::EC2::Instance", instance).isSuccess()).isTrue();
        assertThat(delete("AWS::EC2::Subnet", subnet).isSuccess()).isTrue();
    }

    @Test
    void a_bucket_with_objects_fails_deletion_with_BucketNotEmpty() {
        String bucket = create("AWS::S3::Bucket", "b", Map.of("BucketName", "perf-x-bucket-0"))
                .nativeId();
        assertThat(bucket).isEqualTo("perf-x-bucket-0");
        assertThat(cloud.putObject(bucket, "a/b.txt").objectCount()).isEqualTo(1);

        OperationStatus blocked = delete("AWS::S3::Bucket", bucket);
        assertThat(blocked.errorCode()).isEqualTo("BucketNotEmpty");

        cloud.emptyBucket(bucket);
        assertThat(delete("AWS::S3::Bucket", bucket).isSuccess()).isTrue();
    }

    @Test
    void a_role_with_an_attached_policy_fails_deletion_with_DeleteConflict_but_its_own_managed_policy_arns_do_not() {
        String role = create(
                        "AWS::IAM::Role",
                        "role-0",
                        Map.of(
                                "RoleName",
                                "perf-x-role-0",
                                "ManagedPolicyArns",
                                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess")))
                .nativeId();
        String policy = create(
                        "AWS::IAM::ManagedPolicy",
                        "policy-0",
                        Map.of("ManagedPolicyName", "perf-x-policy-0", "Roles", List.of(role)))
                .nativeId();

        assertThat(delete("AWS::IAM::Role", role).errorCode()).isEqualTo("DeleteConflict");
        assertThat(delete("AWS::IAM::ManagedPolicy", policy).isSuccess()).isTrue();
        assertThat(delete("AWS::IAM::Role", role).isSuccess()).isTrue();
    }

    @Test
    void an_attached_volume_fails_deletion_with_VolumeInUse() {
        String subnet = subnet(vpc(), "us-east-1a");
        String instance =
                create("AWS::EC2::Instance", "i", Map.of("SubnetId", subnet)).nativeId();
        String volume = create("AWS::EC2::Volume", "v", Map.of("AvailabilityZone", "us-east-1a", "Size", 20))
                .nativeId();
        String attachment = create(
                        "AWS::EC2::VolumeAttachment",
                        "att",
                        Map.of("InstanceId", instance, "VolumeId", volume, "Device", "/dev/sdf"))
                .nativeId();

        assertThat(delete("AWS::EC2::Volume", volume).errorCode()).isEqualTo("VolumeInUse");
        assertThat(delete("AWS::EC2::VolumeAttachment", attachment).isSuccess()).isTrue();
        assertThat(delete("AWS::EC2::Volume", volume).isSuccess()).isTrue();
    }

    @Test
    void attaching_a_volume_to_an_instance_in_another_availability_zone_fails() {
        String subnet = subnet(vpc(), "us-east-1b");
        OperationStatus instance = create("AWS::EC2::Instance", "i", Map.of("SubnetId", subnet));
        assertThat(instance.resourceModel()).containsEntry("AvailabilityZone", "us-east-1b");
        String volume = create("AWS::EC2::Volume", "v", Map.of("AvailabilityZone", "us-east-1a"))
                .nativeId();

        OperationStatus attach = createAndWait(
                "AWS::EC2::VolumeAttachment",
                "att",
                Map.of("InstanceId", instance.nativeId(), "VolumeId", volume, "Device", "/dev/sdf"));

        assertThat(attach.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(attach.errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(attach.message()).contains("us-east-1a", "us-east-1b");
        assertThat(cloud.resources(ResourceQuery.all().withType("AWS::EC2::VolumeAttachment")))
                .isEmpty();
    }

    @Test
    void a_reference_to_a_missing_resource_or_one_of_the_wrong_type_fails_with_InvalidReference() {
        OperationStatus missing = createAndWait("AWS::EC2::Subnet", "s", Map.of("VpcId", "vpc-00000000000000000"));
        assertThat(missing.errorCode()).isEqualTo("InvalidReference");
        assertThat(missing.message()).contains("VpcId", "vpc-00000000000000000");

        String igw = create("AWS::EC2::InternetGateway", "igw", Map.of()).nativeId();
        OperationStatus wrongType = createAndWait("AWS::EC2::Subnet", "s", Map.of("VpcId", igw));
        assertThat(wrongType.errorCode()).isEqualTo("InvalidReference");
        assertThat(wrongType.message()).contains("AWS::EC2::InternetGateway");

        OperationStatus unresolved =
                createAndWait("AWS::EC2::Subnet", "s", Map.of("VpcId", Map.of("$res", true, "$label", "vpc-0")));
        assertThat(unresolved.errorCode()).isEqualTo("InvalidReference");
        assertThat(cloud.resources()).extracting(CloudResource::type).containsExactly("AWS::EC2::InternetGateway");
    }

    @Test
    void a_reference_to_a_resource_still_being_created_fails_and_succeeds_once_it_is_available() {
        cloud.setFaults(CloudFaults.none().withLatency("AWS::EC2::VPC", "create", Duration.ofMillis(1000)));
        OperationStatus vpc = cloud.submit(OperationRequest.create("AWS::EC2::VPC", "v", Map.of(), Map.of(), token()));

        assertThat(createAndWait("AWS::EC2::Subnet", "s", Map.of("VpcId", vpc.nativeId()))
                        .errorCode())
                .isEqualTo("InvalidReference");
        cloud.awaitCompletion(vpc.requestId(), Duration.ofSeconds(5));
        assertThat(createAndWait("AWS::EC2::Subnet", "s", Map.of("VpcId", vpc.nativeId()))
                        .isSuccess())
                .isTrue();
    }

    @Test
    void references_resolve_by_arn_as_well_as_by_native_id() {
        OperationStatus role = create("AWS::IAM::Role", "lambda-role", Map.of("RoleName", "perf-x-lambda-role-0"));
        String arn = (String) role.resourceModel().get("Arn");
        assertThat(arn).isEqualTo("arn:aws:iam::123456789012:role/perf-x-lambda-role-0");
        String function = create("AWS::Lambda::Function", "fn", Map.of("FunctionName", "perf-x-fn-0", "Role", arn))
                .nativeId();

        assertThat(delete("AWS::IAM::Role", role.nativeId()).errorCode()).isEqualTo("DeleteConflict");
        assertThat(delete("AWS::Lambda::Function", function).isSuccess()).isTrue();
        assertThat(delete("AWS::IAM::Role", role.nativeId()).isSuccess()).isTrue();
    }

    @Test
    void security_groups_of_another_vpc_are_accepted_by_default_and_refused_when_the_strict_rule_is_on() {
        String vpc0 = create("AWS::EC2::VPC", "vpc-0", Map.of()).nativeId();
        String vpc1 = create("AWS::EC2::VPC", "vpc-1", Map.of()).nativeId();
        String sg =
                create("AWS::EC2::SecurityGroup", "sg", Map.of("VpcId", vpc0)).nativeId();
        String subnet = subnet(vpc1, "us-east-1a");
        Map<String, Object> instance = Map.of("SubnetId", subnet, "SecurityGroupIds", List.of(sg));

        assertThat(createAndWait("AWS::EC2::Instance", "lax", instance).isSuccess())
                .isTrue();
        cloud.setFaults(CloudFaults.none().withStrictSecurityGroupVpc(true));
        OperationStatus strict = createAndWait("AWS::EC2::Instance", "strict", instance);

        assertThat(strict.errorCode()).isEqualTo("InvalidParameter");
        assertThat(strict.message()).contains(sg, subnet, "different networks");
    }

    @Test
    void a_record_set_outside_its_zone_or_a_duplicate_name_and_type_is_refused() {
        String zone = create("AWS::Route53::HostedZone", "z", Map.of("Name", "perf-x-zone-0.perftest.internal"))
                .nativeId();
        create(
                "AWS::Route53::RecordSet",
                "r0",
                Map.of("HostedZoneId", zone, "Name", "record-0.perf-x-zone-0.perftest.internal", "Type", "A"));

        OperationStatus outside = createAndWait(
                "AWS::Route53::RecordSet",
                "r1",
                Map.of("HostedZoneId", zone, "Name", "record-1.perf-x-zone-1.perftest.internal", "Type", "A"));
        OperationStatus duplicate = createAndWait(
                "AWS::Route53::RecordSet",
                "r0-again",
                Map.of("HostedZoneId", zone, "Name", "record-0.perf-x-zone-0.perftest.internal.", "Type", "A"));

        assertThat(outside.errorCode()).isEqualTo("InvalidChangeBatch");
        assertThat(outside.message()).contains("not permitted in zone perf-x-zone-0.perftest.internal");
        assertThat(duplicate.errorCode()).isEqualTo("AlreadyExists");
        assertThat(createAndWait(
                                "AWS::Route53::RecordSet",
                                "r0-cname",
                                Map.of(
                                        "HostedZoneId",
                                        zone,
                                        "Name",
                                        "record-0.perf-x-zone-0.perftest.internal",
                                        "Type",
                                        "TXT"))
                        .isSuccess())
                .isTrue();
    }
}

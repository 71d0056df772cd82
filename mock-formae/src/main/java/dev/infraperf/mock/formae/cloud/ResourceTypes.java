package dev.infraperf.mock.formae.cloud;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the cloud knows about each AWS type: how ids look, which properties reference other
 * resources, what a blocked delete is called, and how long operations take. Unknown types get
 * neutral defaults and no rules.
 */
final class ResourceTypes {

    /** A property whose value (or each element, for lists) names a resource of {@code target}. */
    record Reference(String property, String target) {}

    /**
     * @param idStyle {@code prefix} for AWS-shaped {@code prefix-<17 hex>} ids, or {@code @zone},
     *     {@code @uuid}, {@code @short}
     * @param identifier the attribute that holds the id ({@code VpcId}), or null
     * @param nameProperty the property whose value becomes the id of a named type, or null
     * @param blockedDeleteCode the error of a delete that something still references
     */
    record TypeSpec(
            String type,
            String idStyle,
            String identifier,
            String nameProperty,
            long createMs,
            long deleteMs,
            List<Reference> references,
            String blockedDeleteCode) {}

    static final String VPC = "AWS::EC2::VPC";
    static final String SUBNET = "AWS::EC2::Subnet";
    static final String IGW = "AWS::EC2::InternetGateway";
    static final String ROUTE_TABLE = "AWS::EC2::RouteTable";
    static final String SECURITY_GROUP = "AWS::EC2::SecurityGroup";
    static final String INSTANCE = "AWS::EC2::Instance";
    static final String VOLUME = "AWS::EC2::Volume";
    static final String VOLUME_ATTACHMENT = "AWS::EC2::VolumeAttachment";
    static final String NAT_GATEWAY = "AWS::EC2::NatGateway";
    static final String HOSTED_ZONE = "AWS::Route53::HostedZone";
    static final String RECORD_SET = "AWS::Route53::RecordSet";
    static final String BUCKET = "AWS::S3::Bucket";
    static final String ROLE = "AWS::IAM::Role";

    private static final Map<String, TypeSpec> SPECS = new HashMap<>();

    static {
        String dv = "DependencyViolation";
        ec2(VPC, "vpc", "VpcId", 2000, 1500, List.of(), dv);
        ec2(SUBNET, "subnet", "SubnetId", 1000, 1000, List.of(ref("VpcId", VPC)), dv);
        ec2(IGW, "igw", "InternetGatewayId", 1000, 1000, List.of(), dv);
        ec2(
                "AWS::EC2::VPCGatewayAttachment",
                "igw-attach",
                "AttachmentId",
                1500,
                1500,
                List.of(ref("VpcId", VPC), ref("InternetGatewayId", IGW)),
                dv);
        ec2(ROUTE_TABLE, "rtb", "RouteTableId", 1000, 1000, List.of(ref("VpcId", VPC)), dv);
        ec2(
                "AWS::EC2::Route",
                "r-rtb",
                "RouteId",
                1000,
                800,
                List.of(ref("RouteTableId", ROUTE_TABLE), ref("GatewayId", IGW), ref("NatGatewayId", NAT_GATEWAY)),
                dv);
        ec2(
                "AWS::EC2::SubnetRouteTableAssociation",
                "rtbassoc",
                "AssociationId",
                800,
                800,
                List.of(ref("SubnetId", SUBNET), ref("RouteTableId", ROUTE_TABLE)),
                dv);
        ec2(SECURITY_GROUP, "sg", "GroupId", 1500, 1500, List.of(ref("VpcId", VPC)), dv);
        ec2(
                "AWS::EC2::SecurityGroupIngress",
                "sgr",
                "SecurityGroupRuleId",
                500,
                500,
                List.of(ref("GroupId", SECURITY_GROUP), ref("SourceSecurityGroupId", SECURITY_GROUP)),
                dv);
        ec2(
                "AWS::EC2::SecurityGroupEgress",
                "sgr",
                "SecurityGroupRuleId",
                500,
                500,
                List.of(ref("GroupId", SECURITY_GROUP), ref("DestinationSecurityGroupId", SECURITY_GROUP)),
                dv);
        ec2("AWS::EC2::LaunchTemplate", "lt", "LaunchTemplateId", 800, 800, List.of(), dv);
        ec2(
                INSTANCE,
                "i",
                "InstanceId",
                8000,
                15000,
                List.of(
                        ref("SubnetId", SUBNET),
                        ref("SecurityGroupIds", SECURITY_GROUP),
                        ref("IamInstanceProfile", "AWS::IAM::InstanceProfile")),
                dv);
        ec2(VOLUME, "vol", "VolumeId", 2000, 2000, List.of(), "VolumeInUse");
        ec2(
                VOLUME_ATTACHMENT,
                "vola",
                "AttachmentId",
                3000,
                3000,
                List.of(ref("InstanceId", INSTANCE), ref("VolumeId", VOLUME)),
                dv);
        ec2(
                NAT_GATEWAY,
                "nat",
                "NatGatewayId",
                60000,
                45000,
                List.of(ref("SubnetId", SUBNET), ref("AllocationId", "AWS::EC2::EIP")),
                dv);
        ec2("AWS::EC2::EIP", "eipalloc", "AllocationId", 800, 800, List.of(), dv);
        ec2("AWS::EC2::VPCEndpoint", "vpce", "VpcEndpointId", 3000, 3000, List.of(ref("VpcId", VPC)), dv);
        ec2("AWS::EFS::FileSystem", "fs", "FileSystemId", 5000, 3000, List.of(), dv);
        ec2(
                "AWS::EFS::MountTarget",
                "fsmt",
                "MountTargetId",
                20000,
                15000,
                List.of(
                        ref("FileSystemId", "AWS::EFS::FileSystem"),
                        ref("SubnetId", SUBNET),
                        ref("SecurityGroups", SECURITY_GROUP)),
                dv);
        put(new TypeSpec("AWS::KMS::Key", "@uuid", "KeyId", null, 1500, 1000, List.of(), dv));
        named("AWS::KMS::Alias", "AliasName", 500, 500, List.of(ref("TargetKeyId", "AWS::KMS::Key")), dv);
        named(ROLE, "RoleName", 800, 800, List.of(), "DeleteConflict");
        named("AWS::IAM::ManagedPolicy", "ManagedPolicyName", 600, 600, List.of(ref("Roles", ROLE)), dv);
        named("AWS::IAM::Policy", "PolicyName", 600, 600, List.of(ref("Roles", ROLE)), dv);
        named("AWS::IAM::RolePolicy", "PolicyName", 600, 600, List.of(ref("RoleName", ROLE)), dv);
        named("AWS::IAM::InstanceProfile", "InstanceProfileName", 1500, 1500, List.of(ref("Roles", ROLE)), dv);
        named(BUCKET, "BucketName", 1000, 1000, List.of(), "BucketNotEmpty");
        named("AWS::DynamoDB::Table", "TableName", 5000, 5000, List.of(), dv);
        named("AWS::Logs::LogGroup", "LogGroupName", 400, 400, List.of(), dv);
        named("AWS::SQS::Queue", "QueueName", 800, 800, List.of(), dv);
        named("AWS::SecretsManager::Secret", "Name", 800, 800, List.of(), dv);
        named("AWS::Lambda::Function", "FunctionName", 3000, 1500, List.of(ref("Role", ROLE)), dv);
        named("AWS::ECR::Repository", "RepositoryName", 800, 800, List.of(), dv);
        put(new TypeSpec(HOSTED_ZONE, "@zone", "Id", null, 3000, 2000, List.of(), "HostedZoneNotEmpty"));
        put(new TypeSpec(RECORD_SET, "rrset", "Id", null, 2000, 2000, List.of(ref("HostedZoneId", HOSTED_ZONE)), dv));
        put(new TypeSpec("AWS::ApiGateway::RestApi", "@short", "RestApiId", null, 800, 800, List.of(), dv));
        named("AWS::RDS::DBParameterGroup", "DBParameterGroupName", 1000, 1000, List.of(), dv);
        named("AWS::RDS::DBSubnetGroup", "DBSubnetGroupName", 1000, 1000, List.of(ref("SubnetIds", SUBNET)), dv);
        named(
                "AWS::RDS::DBInstance",
                "DBInstanceIdentifier",
                300000,
                240000,
                List.of(
                        ref("DBSubnetGroupName", "AWS::RDS::DBSubnetGroup"),
                        ref("DBParameterGroupName", "AWS::RDS::DBParameterGroup"),
                        ref("VPCSecurityGroups", SECURITY_GROUP)),
                dv);
    }

    private ResourceTypes() {}

    private static Reference ref(String property, String target) {
        return new Reference(property, target);
    }

    private static void ec2(
            String type,
            String prefix,
            String identifier,
            long create,
            long delete,
            List<Reference> refs,
            String code) {
        put(new TypeSpec(type, prefix, identifier, null, create, delete, refs, code));
    }

    private static void named(
            String type, String nameProperty, long create, long delete, List<Reference> refs, String code) {
        put(new TypeSpec(type, null, null, nameProperty, create, delete, refs, code));
    }

    private static void put(TypeSpec spec) {
        SPECS.put(spec.type(), spec);
    }

    /** The spec of a type; unknown types get neutral defaults. */
    static TypeSpec spec(String type) {
        TypeSpec known = SPECS.get(type);
        if (known != null) {
            return known;
        }
        String last = type.substring(type.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
        return new TypeSpec(type, last, null, null, 1000, 1000, List.of(), "DependencyViolation");
    }

    /** {@code AWS::EC2::VPC} -> {@code EC2}: the unit of throttling. */
    static String namespace(String type) {
        String[] parts = type.split("::");
        return parts.length == 3 ? parts[1] : type;
    }

    static boolean isValidType(String type) {
        return type != null && type.matches("[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+");
    }

    /** An ARN in AWS's shape for a resource of this type. */
    static String arn(String type, String region, String nativeId) {
        String service = namespace(type).toLowerCase(Locale.ROOT);
        String kind = type.substring(type.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
        switch (service) {
            case "s3":
                return "arn:aws:s3:::" + nativeId;
            case "iam":
                return "arn:aws:iam::123456789012:" + kind + "/" + nativeId;
            case "route53":
                return "arn:aws:route53:::" + kind + "/" + nativeId;
            default:
                return "arn:aws:" + service + ":" + region + ":123456789012:" + kind + "/" + nativeId;
        }
    }
}

package dev.infraperf.environment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource types the generator writes: Pkl module and class of Formae's AWS schema, the
 * CloudFormation type they render to, and the resolvable attributes ({@code x.res.<attribute>}) the
 * generator uses, with the CloudFormation property each resolves to.
 */
enum ResourceType {
    VPC("ec2/vpc.pkl", "vpc", "VPC", "AWS::EC2::VPC", "id", "VpcId"),
    INTERNET_GATEWAY(
            "ec2/internetgateway.pkl",
            "internetgateway",
            "InternetGateway",
            "AWS::EC2::InternetGateway",
            "id",
            "InternetGatewayId"),
    VPC_GATEWAY_ATTACHMENT(
            "ec2/vpcgatewayattachment.pkl",
            "vpcgatewayattachment",
            "VPCGatewayAttachment",
            "AWS::EC2::VPCGatewayAttachment",
            "internetGatewayId",
            "InternetGatewayId"),
    ROUTE_TABLE("ec2/routetable.pkl", "routetable", "RouteTable", "AWS::EC2::RouteTable", "id", "RouteTableId"),
    SUBNET("ec2/subnet.pkl", "subnet", "Subnet", "AWS::EC2::Subnet", "id", "SubnetId", "subnetId", "SubnetId"),
    SUBNET_ROUTE_TABLE_ASSOCIATION(
            "ec2/subnetroutetableassociation.pkl",
            "subnetroutetableassociation",
            "SubnetRouteTableAssociation",
            "AWS::EC2::SubnetRouteTableAssociation"),
    EIP("ec2/eip.pkl", "eip", "EIP", "AWS::EC2::EIP", "allocationId", "AllocationId"),
    NAT_GATEWAY("ec2/natgateway.pkl", "natgateway", "NatGateway", "AWS::EC2::NatGateway", "id", "NatGatewayId"),
    ROUTE("ec2/route.pkl", "route", "Route", "AWS::EC2::Route"),
    SECURITY_GROUP(
            "ec2/securitygroup.pkl", "securitygroup", "SecurityGroup", "AWS::EC2::SecurityGroup", "groupId", "GroupId"),
    SECURITY_GROUP_INGRESS(
            "ec2/securitygroupingress.pkl",
            "securitygroupingress",
            "SecurityGroupIngress",
            "AWS::EC2::SecurityGroupIngress"),
    SECURITY_GROUP_EGRESS(
            "ec2/securitygroupegress.pkl",
            "securitygroupegress",
            "SecurityGroupEgress",
            "AWS::EC2::SecurityGroupEgress"),
    LAUNCH_TEMPLATE("ec2/launchtemplate.pkl", "launchtemplate", "LaunchTemplate", "AWS::EC2::LaunchTemplate"),
    INSTANCE("ec2/instance.pkl", "instance", "Instance", "AWS::EC2::Instance", "instanceId", "InstanceId"),
    VOLUME("ec2/volume.pkl", "volume", "Volume", "AWS::EC2::Volume", "volumeId", "VolumeId"),
    VOLUME_ATTACHMENT("ec2/volumeattachment.pkl", "volumeattachment", "VolumeAttachment", "AWS::EC2::VolumeAttachment"),
    ROLE("iam/role.pkl", "role", "Role", "AWS::IAM::Role", "arn", "Arn", "roleName", "RoleName"),
    MANAGED_POLICY("iam/managedpolicy.pkl", "policy", "ManagedPolicy", "AWS::IAM::ManagedPolicy"),
    INSTANCE_PROFILE("iam/instanceprofile.pkl", "instanceprofile", "InstanceProfile", "AWS::IAM::InstanceProfile"),
    KMS_KEY("kms/key.pkl", "key", "Key", "AWS::KMS::Key", "arn", "Arn"),
    KMS_ALIAS("kms/kmsalias.pkl", "kmsalias", "Alias", "AWS::KMS::Alias"),
    BUCKET("s3/bucket.pkl", "bucket", "Bucket", "AWS::S3::Bucket"),
    TABLE("dynamodb/table.pkl", "table", "Table", "AWS::DynamoDB::Table"),
    FILE_SYSTEM(
            "efs/filesystem.pkl", "filesystem", "FileSystem", "AWS::EFS::FileSystem", "fileSystemId", "FileSystemId"),
    MOUNT_TARGET("efs/mounttarget.pkl", "mounttarget", "MountTarget", "AWS::EFS::MountTarget"),
    LOG_GROUP("logs/loggroup.pkl", "loggroup", "LogGroup", "AWS::Logs::LogGroup"),
    QUEUE("sqs/queue.pkl", "queue", "Queue", "AWS::SQS::Queue"),
    SECRET("secretsmanager/secret.pkl", "secret", "Secret", "AWS::SecretsManager::Secret"),
    FUNCTION("lambda/func.pkl", "lambdaFunc", "Function", "AWS::Lambda::Function"),
    REPOSITORY("ecr/repository.pkl", "repository", "Repository", "AWS::ECR::Repository"),
    HOSTED_ZONE("route53/hostedzone.pkl", "hostedzone", "HostedZone", "AWS::Route53::HostedZone", "id", "Id"),
    RECORD_SET("route53/recordset.pkl", "recordset", "RecordSet", "AWS::Route53::RecordSet"),
    REST_API("apigateway/restapi.pkl", "restapi", "RestApi", "AWS::ApiGateway::RestApi"),
    DB_PARAMETER_GROUP(
            "rds/dbparametergroup.pkl", "dbparametergroup", "DBParameterGroup", "AWS::RDS::DBParameterGroup");

    private final String schemaModule;
    private final String importName;
    private final String pklClass;
    private final String cloudFormationType;
    private final Map<String, String> resolvables;

    ResourceType(String schemaModule, String importName, String pklClass, String cloudFormationType, String... res) {
        this.schemaModule = schemaModule;
        this.importName = importName;
        this.pklClass = pklClass;
        this.cloudFormationType = cloudFormationType;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < res.length; i += 2) {
            attributes.put(res[i], res[i + 1]);
        }
        this.resolvables = Map.copyOf(attributes);
    }

    /** Path of the module inside the {@code @aws} package: {@code ec2/vpc.pkl}. */
    String schemaModule() {
        return schemaModule;
    }

    /** The name the generated modules import the schema module as. */
    String importName() {
        return importName;
    }

    /** {@code vpc.VPC}. */
    String qualifiedClass() {
        return importName + "." + pklClass;
    }

    String cloudFormationType() {
        return cloudFormationType;
    }

    /** Resolvable attribute -> CloudFormation property, for the attributes the generator references. */
    Map<String, String> resolvables() {
        return resolvables;
    }
}

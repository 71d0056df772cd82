package dev.infraperf.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.parts.ResolvedPart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

@DisplayName("The AWS cloud audit, against moto")
class AwsCloudAuditTest {

    private static final String ENV = "perf-0a0b0c0d";
    private static final String OTHER = "perf-99999999";
    private static ResolvedPart<URI> moto;
    private static AwsCloudAudit audit;

    @BeforeAll
    static void start_moto_and_create_one_resource_of_each_type() throws IOException {
        moto = MotoServer.resolve();
        System.out.println(moto.reason());
        audit = new AwsCloudAudit(Optional.of(moto.value()), "us-east-1");
        createRun(ENV);
        createRun(OTHER);
    }

    @AfterAll
    static void stop() throws Exception {
        if (audit != null) {
            audit.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static TagSpecification tags(ResourceType type, String name) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(
                        Tag.builder().key("Name").value(name).build(),
                        Tag.builder().key("ManagedBy").value("formae").build())
                .build();
    }

    private static void createRun(String env) throws IOException {
        var ec2 = audit.ec2();
        String vpc = ec2.createVpc(
                        b -> b.cidrBlock("10.0.0.0/16").tagSpecifications(tags(ResourceType.VPC, env + "-vpc-0")))
                .vpc()
                .vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc)
                        .cidrBlock("10.0.1.0/24")
                        .availabilityZone("us-east-1a")
                        .tagSpecifications(tags(ResourceType.SUBNET, env + "-subnet-0-0")))
                .subnet()
                .subnetId();
        ec2.createInternetGateway(b -> b.tagSpecifications(tags(ResourceType.INTERNET_GATEWAY, env + "-igw-0")));
        String eip = ec2.allocateAddress(b -> b.domain("vpc")).allocationId();
        ec2.createNatGateway(b ->
                b.subnetId(subnet).allocationId(eip).tagSpecifications(tags(ResourceType.NATGATEWAY, env + "-nat-0")));
        String sg = ec2.createSecurityGroup(b -> b.groupName(env + "-sg-0")
                        .description("perf")
                        .vpcId(vpc)
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP, env + "-sg-0")))
                .groupId();
        String ami = ec2.describeImages().images().get(0).imageId();
        ec2.runInstances(b -> b.imageId(ami)
                .minCount(1)
                .maxCount(1)
                .instanceType("t3.micro")
                .subnetId(subnet)
                .securityGroupIds(sg)
                .tagSpecifications(tags(ResourceType.INSTANCE, env + "-instance-0")));
        ec2.createVolume(b -> b.availabilityZone("us-east-1a")
                .size(20)
                .tagSpecifications(tags(ResourceType.VOLUME, env + "-volume-0")));
        audit.s3().createBucket(b -> b.bucket(env + "-bucket-0"));
        audit.iam().createRole(b -> b.roleName(env + "-role-0")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        audit.iam().createPolicy(b -> b.policyName(env + "-policy-0")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"logs:CreateLogGroup\",\"Resource\":\"*\"}]}"));
        String zone = audit.route53()
                .createHostedZone(b -> b.name(env + "-zone-0.perftest.internal").callerReference(env))
                .hostedZone()
                .id();
        audit.route53().changeResourceRecordSets(b -> b.hostedZoneId(zone)
                .changeBatch(c -> c.changes(Change.builder()
                        .action(ChangeAction.CREATE)
                        .resourceRecordSet(ResourceRecordSet.builder()
                                .name("record-0." + env + "-zone-0.perftest.internal.")
                                .type(RRType.A)
                                .ttl(300L)
                                .resourceRecords(ResourceRecord.builder()
                                        .value("10.0.0.1")
                                        .build())
                                .build())
                        .build())));
        audit.apiGateway().createRestApi(b -> b.name(env + "-api-0"));
        audit.sqs().createQueue(b -> b.queueName(env + "-queue-0"));
        audit.dynamoDb().createTable(b -> b.tableName(env + "-table-0")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("pk")
                        .keyType(KeyType.HASH)
                        .build()));
        audit.logs().createLogGroup(b -> b.logGroupName("/perf-test/" + env + "/app-0"));
        audit.kms().createKey(b -> b.description(env + "-key-0"));
        audit.secretsManager().createSecret(b -> b.name(env + "/secret-0").secretString("s3cr3t"));
        byte[] code = zip();
        String roleArn =
                audit.iam().getRole(b -> b.roleName(env + "-role-0")).role().arn();
        audit.lambda().createFunction(b -> b.functionName(env + "-function-0")
                .runtime("python3.11")
                .handler("index.handler")
                .role(roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
        audit.ecr().createRepository(b -> b.repositoryName(env + "-repo-0"));
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.py"));
            zip.write("def handler(event, context):\n    return 'ok'\n".getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void lists_every_generated_type_of_a_run_and_nothing_of_other_runs() {
        Map<String, Long> counts = audit.countsOf(ENV);

        assertThat(counts.keySet())
                .containsExactlyInAnyOrder(
                        "AWS::EC2::VPC",
                        "AWS::EC2::Subnet",
                        "AWS::EC2::InternetGateway",
                        "AWS::EC2::NatGateway",
                        "AWS::EC2::SecurityGroup",
                        "AWS::EC2::Instance",
                        "AWS::EC2::Volume",
                        "AWS::S3::Bucket",
                        "AWS::IAM::Role",
                        "AWS::IAM::ManagedPolicy",
                        "AWS::Route53::HostedZone",
                        "AWS::Route53::RecordSet",
                        "AWS::ApiGateway::RestApi",
                        "AWS::SQS::Queue",
                        "AWS::DynamoDB::Table",
                        "AWS::Logs::LogGroup",
                        "AWS::KMS::Key",
                        "AWS::SecretsManager::Secret",
                        "AWS::Lambda::Function",
                        "AWS::ECR::Repository");
        assertThat(audit.resourcesOf(ENV))
                .allSatisfy(r -> assertThat(r.name() + r.tags()).contains(ENV));
        assertThat(audit.resourcesOf(ENV))
                .noneSatisfy(r -> assertThat(r.name() + r.tags()).contains(OTHER));
    }

    @Test
    void deletes_a_resource_out_of_band() {
        CloudResource bucket = audit.resourcesOf(OTHER).stream()
                .filter(r -> r.type().equals("AWS::S3::Bucket"))
                .findFirst()
                .orElseThrow();

        audit.deleteOutOfBand(bucket);

        assertThat(audit.resourcesOf(OTHER)).extracting(CloudResource::type).doesNotContain("AWS::S3::Bucket");
        assertThat(audit.resourcesOf(ENV)).extracting(CloudResource::type).contains("AWS::S3::Bucket");
    }

    @Test
    void reads_the_vpc_quotas_and_their_usage() {
        List<QuotaSource.Quota> quotas = audit.quotas();

        assertThat(quotas)
                .extracting(QuotaSource.Quota::code)
                .containsExactly("L-F678F1CE", "L-A4707A72", "L-FE5A380F");
        assertThat(quotas.get(0).usage()).isGreaterThanOrEqualTo(2);
        assertThat(QuotaPreflight.shortfalls(audit, Map.of("AWS::EC2::VPC", 1000)))
                .singleElement()
                .asString()
                .contains("VPCs per Region (L-F678F1CE): quota")
                .contains("this environment needs 1000 more");
    }
}

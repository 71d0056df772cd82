package dev.infraperf.cloud;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apiguardian.api.API;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link CloudAudit} and {@link QuotaSource} over AWS SDK v2, against real AWS or any endpoint that
 * speaks its APIs (moto, LocalStack). Lists the types the environment generator produces, by tag
 * where the type has tags and by name otherwise, and deletes them the way an operator would (a
 * role's policies detached first, a hosted zone's record sets first, a key scheduled for deletion).
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class AwsCloudAudit implements CloudAudit, QuotaSource {

    private final String endpointDescription;
    private final SdkHttpClient httpClient;
    private final Ec2Client ec2;
    private final S3Client s3;
    private final IamClient iam;
    private final Route53Client route53;
    private final ApiGatewayClient apiGateway;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final CloudWatchLogsClient logs;
    private final KmsClient kms;
    private final SecretsManagerClient secrets;
    private final LambdaClient lambda;
    private final EcrClient ecr;
    private final ServiceQuotasClient quotas;
    private final List<TypeLister> listers;

    /**
     * An audit of {@code region} through {@code endpoint} (empty: AWS itself). With an endpoint and no
     * AWS credentials in the environment, the dummy credentials moto and LocalStack accept are used.
     */
    public AwsCloudAudit(Optional<URI> endpoint, String region) {
        this.endpointDescription = "AWS API " + endpoint.map(URI::toString).orElse("(AWS " + region + ")");
        this.httpClient = ApacheHttpClient.builder().build();
        AwsCredentialsProvider credentials = endpoint.isPresent() && System.getenv("AWS_ACCESS_KEY_ID") == null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))
                : DefaultCredentialsProvider.builder().build();
        Region awsRegion = Region.of(region);
        this.ec2 = configure(Ec2Client.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.s3 = configure(S3Client.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .forcePathStyle(endpoint.isPresent())
                .build();
        this.iam = configure(IamClient.builder(), endpoint, Region.AWS_GLOBAL, credentials)
                .httpClient(httpClient)
                .build();
        this.route53 = configure(Route53Client.builder(), endpoint, Region.AWS_GLOBAL, credentials)
                .httpClient(httpClient)
                .build();
        this.apiGateway = configure(ApiGatewayClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.sqs = configure(SqsClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.dynamo = configure(DynamoDbClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.logs = configure(CloudWatchLogsClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.kms = configure(KmsClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.secrets = configure(SecretsManagerClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.lambda = configure(LambdaClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.ecr = configure(EcrClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.quotas = configure(ServiceQuotasClient.builder(), endpoint, awsRegion, credentials)
                .httpClient(httpClient)
                .build();
        this.listers = listers();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        endpoint.ifPresent(builder::endpointOverride);
        return builder.region(region).credentialsProvider(credentials);
    }

    /** The SDK's EC2 client, for tests that create resources to audit. */
    public Ec2Client ec2() {
        return ec2;
    }

    /** The SDK's S3 client. */
    public S3Client s3() {
        return s3;
    }

    /** The SDK's IAM client. */
    public IamClient iam() {
        return iam;
    }

    /** The SDK's Route 53 client. */
    public Route53Client route53() {
        return route53;
    }

    /** The SDK's SQS client. */
    public SqsClient sqs() {
        return sqs;
    }

    /** The SDK's DynamoDB client. */
    public DynamoDbClient dynamoDb() {
        return dynamo;
    }

    /** The SDK's CloudWatch Logs client. */
    public CloudWatchLogsClient logs() {
        return logs;
    }

    /** The SDK's KMS client. */
    public KmsClient kms() {
        return kms;
    }

    /** The SDK's Secrets Manager client. */
    public SecretsManagerClient secretsManager() {
        return secrets;
    }

    /** The SDK's Lambda client. */
    public LambdaClient lambda() {
        return lambda;
    }

    /** The SDK's ECR client. */
    public EcrClient ecr() {
        return ecr;
    }

    /** The SDK's API Gateway client. */
    public ApiGatewayClient apiGateway() {
        return apiGateway;
    }

    /** The CloudFormation types this audit lists. */
    public List<String> auditedTypes() {
        return listers.stream().map(TypeLister::type).toList();
    }

    @Override
    public List<CloudResource> resourcesOf(String envId) {
        List<CloudResource> out = new ArrayList<>();
        RuntimeException failure = null;
        for (TypeLister lister : listers) {
            try {
                for (CloudResource r : lister.list().apply(envId)) {
                    if (belongsTo(r, envId)) {
                        out.add(r);
                    }
                }
            } catch (RuntimeException e) {
                // An audit that silently skips a type would pass runs that leave it behind: collect and fail.
                RuntimeException listing =
                        new IllegalStateException("listing " + lister.type() + " failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = listing;
                } else {
                    failure.addSuppressed(listing);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private static boolean belongsTo(CloudResource r, String envId) {
        return r.name().contains(envId)
                || r.tags().values().stream().anyMatch(v -> v.startsWith(envId) || v.endsWith(envId));
    }

    @Override
    public void deleteOutOfBand(CloudResource resource) {
        TypeLister lister = listers.stream()
                .filter(l -> l.type().equals(resource.type()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "cannot delete " + resource.type() + "; audited types: " + auditedTypes()));
        lister.delete().accept(resource);
    }

    @Override
    public List<Quota> quotas() {
        int vpcs = ec2.describeVpcs().vpcs().size();
        int igws = ec2.describeInternetGateways().internetGateways().size();
        int nats = ec2.describeNatGateways(r -> r.filter(
                        Filter.builder().name("state").values("available").build()))
                .natGateways()
                .size();
        return List.of(
                new Quota("L-F678F1CE", "VPCs per Region", "AWS::EC2::VPC", quota("L-F678F1CE"), vpcs),
                new Quota(
                        "L-A4707A72",
                        "Internet gateways per Region",
                        "AWS::EC2::InternetGateway",
                        quota("L-A4707A72"),
                        igws),
                new Quota(
                        "L-FE5A380F",
                        "NAT gateways per Availability Zone",
                        "AWS::EC2::NatGateway",
                        quota("L-FE5A380F"),
                        nats));
    }

    private double quota(String code) {
        return quotas.getServiceQuota(r -> r.serviceCode("vpc").quotaCode(code))
                .quota()
                .value();
    }

    @Override
    public String describe() {
        return endpointDescription;
    }

    @Override
    public void close() {
        for (AutoCloseable c :
                List.of(ec2, s3, iam, route53, apiGateway, sqs, dynamo, logs, kms, secrets, lambda, ecr, quotas)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing SDK clients only releases connections; nothing to report.
            }
        }
        httpClient.close();
    }

    private record TypeLister(
            String type, Function<String, List<CloudResource>> list, Consumer<CloudResource> delete) {}

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    private static CloudResource ec2Resource(String type, String id, List<Tag> tags) {
        Map<String, String> map = tags(tags);
        return new CloudResource(type, id, map.getOrDefault("Name", id), map);
    }

    private static CloudResource named(String type, String id, String name) {
        return new CloudResource(type, id, name, Map.of());
    }

    private List<TypeLister> listers() {
        List<TypeLister> l = new ArrayList<>();
        l.add(new TypeLister(
                "AWS::EC2::Instance",
                env -> ec2.describeInstances().reservations().stream()
                        .flatMap(r -> r.instances().stream())
                        .filter(i -> !"terminated".equals(i.state().nameAsString()))
                        .map(i -> ec2Resource("AWS::EC2::Instance", i.instanceId(), i.tags()))
                        .toList(),
                r -> ec2.terminateInstances(b -> b.instanceIds(r.id()))));
        l.add(new TypeLister(
                "AWS::EC2::Volume",
                env -> ec2.describeVolumes().volumes().stream()
                        .map(v -> ec2Resource("AWS::EC2::Volume", v.volumeId(), v.tags()))
                        .toList(),
                r -> ec2.deleteVolume(b -> b.volumeId(r.id()))));
        l.add(new TypeLister(
                "AWS::EC2::NatGateway",
                env -> ec2.describeNatGateways().natGateways().stream()
                        .filter(n -> !"deleted".equals(n.stateAsString()))
                        .map(n -> ec2Resource("AWS::EC2::NatGateway", n.natGatewayId(), n.tags()))
                        .toList(),
                r -> ec2.deleteNatGateway(b -> b.natGatewayId(r.id()))));
        l.add(new TypeLister(
                "AWS::EC2::SecurityGroup",
                env -> ec2.describeSecurityGroups().securityGroups().stream()
                        .filter(g -> !"default".equals(g.groupName()))
                        .map(g -> new CloudResource(
                                "AWS::EC2::SecurityGroup",
                                g.groupId(),
                                tags(g.tags()).getOrDefault("Name", g.groupName()),
                                tags(g.tags())))
                        .toList(),
                r -> ec2.deleteSecurityGroup(b -> b.groupId(r.id()))));
        l.add(new TypeLister(
                "AWS::EC2::Subnet",
                env -> ec2.describeSubnets().subnets().stream()
                        .map(s -> ec2Resource("AWS::EC2::Subnet", s.subnetId(), s.tags()))
                        .toList(),
                r -> ec2.deleteSubnet(b -> b.subnetId(r.id()))));
        l.add(new TypeLister(
                "AWS::EC2::RouteTable",
                env -> ec2.describeRouteTables().routeTables().stream()
                        .map(t -> ec2Resource("AWS::EC2::RouteTable", t.routeTableId(), t.tags()))
                        .toList(),
                r -> ec2.deleteRouteTable(b -> b.routeTableId(r.id()))));
        l.add(new TypeLister(
                "AWS::EC2::InternetGateway",
                env -> ec2.describeInternetGateways().internetGateways().stream()
                        .map(g -> ec2Resource("AWS::EC2::InternetGateway", g.internetGatewayId(), g.tags()))
                        .toList(),
                r -> {
                    ec2.describeInternetGateways(b -> b.internetGatewayIds(r.id())).internetGateways().stream()
                            .flatMap(g -> g.attachments().stream())
                            .forEach(a -> ec2.detachInternetGateway(
                                    b -> b.internetGatewayId(r.id()).vpcId(a.vpcId())));
                    ec2.deleteInternetGateway(b -> b.internetGatewayId(r.id()));
                }));
        l.add(new TypeLister(
                "AWS::EC2::VPC",
                env -> ec2.describeVpcs().vpcs().stream()
                        .map(v -> ec2Resource("AWS::EC2::VPC", v.vpcId(), v.tags()))
                        .toList(),
                r -> ec2.deleteVpc(b -> b.vpcId(r.id()))));
        l.add(new TypeLister(
                "AWS::S3::Bucket",
                env -> s3.listBuckets().buckets().stream()
                        .map(b -> named("AWS::S3::Bucket", b.name(), b.name()))
                        .toList(),
                r -> {
                    s3.listObjectsV2Paginator(b -> b.bucket(r.id()))
                            .contents()
                            .forEach(o -> s3.deleteObject(b -> b.bucket(r.id()).key(o.key())));
                    s3.deleteBucket(b -> b.bucket(r.id()));
                }));
        l.add(new TypeLister(
                "AWS::IAM::Role",
                env -> iam.listRolesPaginator().roles().stream()
                        .map(role -> named("AWS::IAM::Role", role.roleName(), role.roleName()))
                        .toList(),
                r -> {
                    iam.listAttachedRolePolicies(b -> b.roleName(r.id()))
                            .attachedPolicies()
                            .forEach(p ->
                                    iam.detachRolePolicy(b -> b.roleName(r.id()).policyArn(p.policyArn())));
                    iam.listRolePolicies(b -> b.roleName(r.id()))
                            .policyNames()
                            .forEach(p ->
                                    iam.deleteRolePolicy(b -> b.roleName(r.id()).policyName(p)));
                    iam.listInstanceProfilesForRole(b -> b.roleName(r.id()))
                            .instanceProfiles()
                            .forEach(p -> iam.removeRoleFromInstanceProfile(
                                    b -> b.roleName(r.id()).instanceProfileName(p.instanceProfileName())));
                    iam.deleteRole(b -> b.roleName(r.id()));
                }));
        l.add(new TypeLister(
                "AWS::IAM::ManagedPolicy",
                env -> iam.listPoliciesPaginator(b -> b.scope(PolicyScopeType.LOCAL)).policies().stream()
                        .map(p -> named("AWS::IAM::ManagedPolicy", p.arn(), p.policyName()))
                        .toList(),
                r -> {
                    iam.listPolicyVersions(b -> b.policyArn(r.id())).versions().stream()
                            .filter(v -> !v.isDefaultVersion())
                            .forEach(v -> iam.deletePolicyVersion(
                                    b -> b.policyArn(r.id()).versionId(v.versionId())));
                    iam.deletePolicy(b -> b.policyArn(r.id()));
                }));
        l.add(new TypeLister(
                "AWS::Route53::RecordSet",
                env -> route53.listHostedZones().hostedZones().stream()
                        .filter(z -> z.name().contains(env))
                        .flatMap(z ->
                                route53
                                        .listResourceRecordSets(b -> b.hostedZoneId(z.id()))
                                        .resourceRecordSets()
                                        .stream()
                                        .filter(rs -> !isZoneApex(rs, z.name()))
                                        .map(rs -> named(
                                                "AWS::Route53::RecordSet",
                                                z.id() + "|" + rs.name() + "|" + rs.typeAsString(),
                                                rs.name())))
                        .toList(),
                r -> {
                    String[] parts = r.id().split("\\|");
                    route53.listResourceRecordSets(b -> b.hostedZoneId(parts[0])).resourceRecordSets().stream()
                            .filter(rs -> rs.name().equals(parts[1])
                                    && rs.typeAsString().equals(parts[2]))
                            .forEach(rs -> deleteRecordSet(parts[0], rs));
                }));
        l.add(new TypeLister(
                "AWS::Route53::HostedZone",
                env -> route53.listHostedZones().hostedZones().stream()
                        .map(z -> named("AWS::Route53::HostedZone", z.id(), z.name()))
                        .toList(),
                r -> {
                    String zoneName = route53.getHostedZone(b -> b.id(r.id()))
                            .hostedZone()
                            .name();
                    route53.listResourceRecordSets(b -> b.hostedZoneId(r.id())).resourceRecordSets().stream()
                            .filter(rs -> !isZoneApex(rs, zoneName))
                            .forEach(rs -> deleteRecordSet(r.id(), rs));
                    route53.deleteHostedZone(b -> b.id(r.id()));
                }));
        l.add(new TypeLister(
                "AWS::ApiGateway::RestApi",
                env -> apiGateway.getRestApis().items().stream()
                        .map(a -> named("AWS::ApiGateway::RestApi", a.id(), a.name()))
                        .toList(),
                r -> apiGateway.deleteRestApi(b -> b.restApiId(r.id()))));
        l.add(new TypeLister(
                "AWS::SQS::Queue",
                env -> sqs.listQueues(b -> b.queueNamePrefix(env)).queueUrls().stream()
                        .map(u -> named("AWS::SQS::Queue", u, u.substring(u.lastIndexOf('/') + 1)))
                        .toList(),
                r -> sqs.deleteQueue(b -> b.queueUrl(r.id()))));
        l.add(new TypeLister(
                "AWS::DynamoDB::Table",
                env -> dynamo.listTablesPaginator().tableNames().stream()
                        .map(t -> named("AWS::DynamoDB::Table", t, t))
                        .toList(),
                r -> dynamo.deleteTable(b -> b.tableName(r.id()))));
        l.add(new TypeLister(
                "AWS::Logs::LogGroup",
                env -> logs.describeLogGroupsPaginator().logGroups().stream()
                        .map(g -> named("AWS::Logs::LogGroup", g.logGroupName(), g.logGroupName()))
                        .toList(),
                r -> logs.deleteLogGroup(b -> b.logGroupName(r.id()))));
        l.add(new TypeLister(
                "AWS::KMS::Key",
                env -> kms.listKeysPaginator().keys().stream()
                        .map(k -> kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata())
                        .filter(m -> m.keyState() != KeyState.PENDING_DELETION)
                        .map(m -> named(
                                "AWS::KMS::Key",
                                m.keyId(),
                                m.description() == null || m.description().isEmpty() ? m.keyId() : m.description()))
                        .toList(),
                r -> kms.scheduleKeyDeletion(b -> b.keyId(r.id()).pendingWindowInDays(7))));
        l.add(new TypeLister(
                "AWS::SecretsManager::Secret",
                env -> secrets.listSecrets().secretList().stream()
                        .filter(s -> s.deletedDate() == null)
                        .map(s -> named("AWS::SecretsManager::Secret", s.arn(), s.name()))
                        .toList(),
                r -> secrets.deleteSecret(b -> b.secretId(r.id()).forceDeleteWithoutRecovery(true))));
        l.add(new TypeLister(
                "AWS::Lambda::Function",
                env -> lambda.listFunctionsPaginator().functions().stream()
                        .map(f -> named("AWS::Lambda::Function", f.functionName(), f.functionName()))
                        .toList(),
                r -> lambda.deleteFunction(b -> b.functionName(r.id()))));
        l.add(new TypeLister(
                "AWS::ECR::Repository",
                env -> ecr.describeRepositoriesPaginator().repositories().stream()
                        .map(p -> named("AWS::ECR::Repository", p.repositoryName(), p.repositoryName()))
                        .toList(),
                r -> ecr.deleteRepository(b -> b.repositoryName(r.id()).force(true))));
        return List.copyOf(l);
    }

    private static boolean isZoneApex(ResourceRecordSet rs, String zoneName) {
        String type = rs.typeAsString().toUpperCase(Locale.ROOT);
        return rs.name().equals(zoneName) && (type.equals("NS") || type.equals("SOA"));
    }

    private void deleteRecordSet(String zoneId, ResourceRecordSet rs) {
        route53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId)
                .changeBatch(c -> c.changes(Change.builder()
                        .action(ChangeAction.DELETE)
                        .resourceRecordSet(rs)
                        .build())));
    }
}

package dev.infraperf.environment;

import static dev.infraperf.environment.Value.flag;
import static dev.infraperf.environment.Value.items;
import static dev.infraperf.environment.Value.number;
import static dev.infraperf.environment.Value.ref;
import static dev.infraperf.environment.Value.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the resources of an environment: the original generator's types and formulas (see {@link
 * Counts}) with its documented fixes and without its flaws. Pure and fast, so that the properties
 * of the plan can be tested over thousands of sizes without evaluating Pkl.
 */
final class EnvironmentPlanner {

    private static final String[] INSTANCE_TYPES = {"t3.micro", "t3.small", "t3.medium"};
    private static final String[] DEVICES = {"/dev/sdf", "/dev/sdg", "/dev/sdh", "/dev/sdi"};
    private static final String[] ROLE_SERVICES = {
        "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "sagemaker.amazonaws.com", "states.amazonaws.com"
    };
    private static final String[] DB_FAMILIES = {"mysql8.0", "postgres14", "mariadb10.6"};
    private static final String[] RECORD_TYPES = {"A", "CNAME", "TXT"};

    private final String envId;
    private final String region;
    private final Counts counts;
    private final List<PlannedResource> resources = new ArrayList<>();

    private final List<PlannedResource> vpcs = new ArrayList<>();
    private final List<PlannedResource> subnets = new ArrayList<>();
    private final List<PlannedResource> securityGroups = new ArrayList<>();
    private final List<PlannedResource> instances = new ArrayList<>();
    private final List<PlannedResource> roles = new ArrayList<>();
    private final List<PlannedResource> keys = new ArrayList<>();
    private final List<PlannedResource> fileSystems = new ArrayList<>();
    private final List<PlannedResource> zones = new ArrayList<>();

    private EnvironmentPlanner(String envId, String region, Counts counts) {
        this.envId = envId;
        this.region = region;
        this.counts = counts;
    }

    static EnvironmentPlan plan(int requestedCount, String region, String envId) {
        SupportedRegions.check(region, "the environment generator");
        Counts counts = Counts.calibrated(requestedCount);
        EnvironmentPlanner planner = new EnvironmentPlanner(envId, region, counts);
        planner.networking();
        planner.securityGroups();
        planner.compute();
        planner.iam();
        planner.kms();
        planner.storage();
        planner.observability();
        planner.secrets();
        planner.application();
        planner.route53();
        planner.apiGateway();
        planner.rds();
        return new EnvironmentPlan(envId, region, requestedCount, counts.n(), planner.resources);
    }

    // --- networking -------------------------------------------------------------------------------

    private void networking() {
        int v = counts.vpcs();
        int s = counts.subnetsPerVpc();
        int publicPerVpc = counts.publicSubnetsPerVpc();
        for (int i = 0; i < v; i++) {
            int index = i;
            PlannedResource vpc = add(ResourceType.VPC, Area.NETWORKING, "vpc", "vpc", i, p -> {
                p.put("cidrBlock", text("10." + index + ".0.0/16"));
                p.put("enableDnsHostnames", flag(true));
                p.put("enableDnsSupport", flag(true));
            });
            vpcs.add(vpc);
        }
        for (int i = 0; i < v; i++) {
            PlannedResource vpc = vpcs.get(i);
            PlannedResource igw = add(ResourceType.INTERNET_GATEWAY, Area.NETWORKING, "igw", "igw", i, p -> {});
            PlannedResource attachment =
                    add(ResourceType.VPC_GATEWAY_ATTACHMENT, Area.NETWORKING, "igwAttach", "igw-attach", i, p -> {
                        p.put("internetGatewayId", ref(igw, "id"));
                        p.put("vpcId", ref(vpc, "id"));
                    });
            PlannedResource publicRt = add(ResourceType.ROUTE_TABLE, Area.NETWORKING, "publicRt", "public-rt", i, p -> {
                p.put("vpcId", ref(vpc, "id"));
            });
            PlannedResource privateRt =
                    add(ResourceType.ROUTE_TABLE, Area.NETWORKING, "privateRt", "private-rt", i, p -> {
                        p.put("vpcId", ref(vpc, "id"));
                    });
            // The route must wait for the gateway to be attached (create) and go before it is detached
            // (destroy): so it references the attachment's resolvable, not the gateway's.
            add(ResourceType.ROUTE, Area.NETWORKING, "publicRoute", "public-route", i, p -> {
                p.put("destinationCidrBlock", text("0.0.0.0/0"));
                p.put("gatewayId", ref(attachment, "internetGatewayId"));
                p.put("routeTableId", ref(publicRt, "id"));
            });
            List<PlannedResource> vpcSubnets = new ArrayList<>();
            for (int j = 0; j < s; j++) {
                int index = i * s + j;
                int zone = j;
                boolean isPublic = j < publicPerVpc;
                int vpcIndex = i;
                PlannedResource subnet = add(ResourceType.SUBNET, Area.NETWORKING, "subnet", "subnet", index, p -> {
                    p.put("availabilityZone", text(SupportedRegions.zone(region, zone)));
                    p.put("cidrBlock", text("10." + vpcIndex + "." + zone + ".0/24"));
                    p.put("mapPublicIpOnLaunch", flag(isPublic));
                    p.put("vpcId", ref(vpc, "id"));
                });
                vpcSubnets.add(subnet);
                subnets.add(subnet);
                PlannedResource table = isPublic ? publicRt : privateRt;
                add(
                        ResourceType.SUBNET_ROUTE_TABLE_ASSOCIATION,
                        Area.NETWORKING,
                        "subnetRtAssoc",
                        "subnet-rt-assoc",
                        index,
                        p -> {
                            p.put("routeTableId", ref(table, "id"));
                            p.put("subnetId", ref(subnet, "subnetId"));
                        });
            }
            PlannedResource eip = add(ResourceType.EIP, Area.NETWORKING, "natEip", "nat-eip", i, p -> {
                p.put("domain", text("vpc"));
            });
            PlannedResource nat = add(ResourceType.NAT_GATEWAY, Area.NETWORKING, "natGw", "nat-gw", i, p -> {
                p.put("allocationId", ref(eip, "allocationId"));
                p.put("subnetId", ref(vpcSubnets.get(0), "subnetId"));
            });
            add(ResourceType.ROUTE, Area.NETWORKING, "privateRoute", "private-route", i, p -> {
                p.put("destinationCidrBlock", text("0.0.0.0/0"));
                p.put("natGatewayId", ref(nat, "id"));
                p.put("routeTableId", ref(privateRt, "id"));
            });
        }
    }

    /** Private subnet {@code k} (wrapping) of VPC {@code vpc}. */
    private PlannedResource privateSubnet(int vpc, int k) {
        int s = counts.subnetsPerVpc();
        int offset = counts.publicSubnetsPerVpc() + Math.floorMod(k, counts.privateSubnetsPerVpc());
        return subnets.get(vpc * s + offset);
    }

    /** Security group {@code k} (wrapping) of those in VPC {@code vpc}: groups go round-robin over VPCs. */
    private PlannedResource securityGroup(int vpc, int k) {
        int v = counts.vpcs();
        int inVpc = (counts.securityGroups() - vpc + v - 1) / v;
        return securityGroups.get(vpc + v * Math.floorMod(k, inVpc));
    }

    // --- security groups --------------------------------------------------------------------------

    private void securityGroups() {
        for (int i = 0; i < counts.securityGroups(); i++) {
            PlannedResource vpc = vpcs.get(i % counts.vpcs());
            int index = i;
            securityGroups.add(add(ResourceType.SECURITY_GROUP, Area.SECURITY_GROUPS, "sg", "sg", i, p -> {
                p.put("groupDescription", text("Performance test security group " + index));
                p.put("vpcId", ref(vpc, "id"));
            }));
        }
        for (int i = 0; i < counts.ingressRules(); i++) {
            PlannedResource group = securityGroups.get(i % securityGroups.size());
            int port = 80 + (i % 20) * 100;
            int index = i;
            add(ResourceType.SECURITY_GROUP_INGRESS, Area.SECURITY_GROUPS, "sgIngress", "sg-ingress", i, p -> {
                p.put("cidrIp", text("10.0.0.0/8"));
                p.put("description", text("Performance test ingress rule " + index));
                p.put("fromPort", number(port));
                p.put("groupId", ref(group, "groupId"));
                p.put("ipProtocol", text("tcp"));
                p.put("toPort", number(port));
            });
        }
        for (int i = 0; i < counts.egressRules(); i++) {
            PlannedResource group = securityGroups.get(i % securityGroups.size());
            int index = i;
            add(ResourceType.SECURITY_GROUP_EGRESS, Area.SECURITY_GROUPS, "sgEgress", "sg-egress", i, p -> {
                p.put("cidrIp", text("0.0.0.0/0"));
                p.put("description", text("Performance test egress rule " + index));
                p.put("fromPort", number(-1));
                p.put("groupId", ref(group, "groupId"));
                p.put("ipProtocol", text("-1"));
                p.put("toPort", number(-1));
            });
        }
    }

    // --- compute ----------------------------------------------------------------------------------

    private void compute() {
        String ami = SupportedRegions.ami(region);
        for (int i = 0; i < counts.launchTemplates(); i++) {
            int index = i;
            // No tagSpecifications: the original's resourceType "instance" was rejected by AWS.
            add(ResourceType.LAUNCH_TEMPLATE, Area.COMPUTE, "launchTemplate", "lt", i, p -> {
                p.put("launchTemplateName", text(envId + "-lt-" + index));
                p.put(
                        "launchTemplateData",
                        obj(
                                "launchtemplate.LaunchTemplateData",
                                ordered(
                                        "imageId", text(ami),
                                        "instanceType", text("t3.micro"),
                                        "monitoring", obj("launchtemplate.Monitoring", Map.of("enabled", flag(true))),
                                        "blockDeviceMappings",
                                                items(obj(
                                                        "launchtemplate.BlockDeviceMapping",
                                                        ordered(
                                                                "deviceName", text("/dev/xvda"),
                                                                "ebs",
                                                                        obj(
                                                                                "launchtemplate.EBS",
                                                                                ordered(
                                                                                        "deleteOnTermination",
                                                                                                flag(true),
                                                                                        "volumeSize", number(8),
                                                                                        "volumeType",
                                                                                                text("gp3")))))))));
            });
        }
        int v = counts.vpcs();
        List<String> instanceZones = new ArrayList<>();
        for (int i = 0; i < counts.instances(); i++) {
            int vpc = i % v;
            PlannedResource subnet = privateSubnet(vpc, i / v);
            PlannedResource group = securityGroup(vpc, i / v);
            instanceZones.add(((Value.Text) subnet.property("availabilityZone")).value());
            String type = INSTANCE_TYPES[i % INSTANCE_TYPES.length];
            instances.add(add(ResourceType.INSTANCE, Area.COMPUTE, "instance", "instance", i, p -> {
                p.put("imageId", text(ami));
                p.put("instanceType", text(type));
                p.put("monitoring", flag(true));
                p.put("securityGroupIds", items(ref(group, "groupId")));
                p.put("subnetId", ref(subnet, "subnetId"));
            }));
        }
        int unattached = counts.volumes() / 2;
        List<PlannedResource> volumes = new ArrayList<>();
        for (int i = 0; i < counts.volumes(); i++) {
            int attachment = i - unattached;
            String zone = attachment >= 0 && attachment < counts.volumeAttachments()
                    ? instanceZones.get(attachment % instances.size())
                    : SupportedRegions.zone(region, i);
            int index = i;
            volumes.add(add(ResourceType.VOLUME, Area.COMPUTE, "volume", "volume", i, p -> {
                p.put("availabilityZone", text(zone));
                p.put("encrypted", flag(index % 2 == 0));
                p.put("size", number(20 + (index % 5) * 10L));
                p.put("volumeType", text(index % 2 == 0 ? "gp3" : "gp2"));
            }));
        }
        for (int i = 0; i < counts.volumeAttachments(); i++) {
            PlannedResource instance = instances.get(i % instances.size());
            PlannedResource volume = volumes.get(unattached + i);
            // The k-th attachment of an instance gets the k-th device, so no two collide.
            String device = DEVICES[(i / instances.size()) % DEVICES.length];
            add(ResourceType.VOLUME_ATTACHMENT, Area.COMPUTE, "volumeAttach", "volume-attach", i, p -> {
                p.put("device", text(device));
                p.put("instanceId", ref(instance, "instanceId"));
                p.put("volumeId", ref(volume, "volumeId"));
            });
        }
    }

    // --- IAM, KMS ---------------------------------------------------------------------------------

    private void iam() {
        int lambdaRoles = counts.lambdaRoles();
        for (int i = 0; i < counts.roles(); i++) {
            boolean lambda = i < lambdaRoles;
            String service = lambda ? "lambda.amazonaws.com" : ROLE_SERVICES[(i - lambdaRoles) % ROLE_SERVICES.length];
            String policy = lambda
                    ? "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
                    : "arn:aws:iam::aws:policy/ReadOnlyAccess";
            int index = i;
            roles.add(add(ResourceType.ROLE, Area.IAM, "role", "role", i, p -> {
                p.put("roleName", text(envId + "-role-" + index));
                p.put(
                        "assumeRolePolicyDocument",
                        document(
                                "Version", text("2012-10-17"),
                                "Statement",
                                        items(document(
                                                "Effect", text("Allow"),
                                                "Principal", document("Service", text(service)),
                                                "Action", text("sts:AssumeRole")))));
                p.put("managedPolicyArns", items(text(policy)));
            }));
        }
        for (int i = 0; i < counts.managedPolicies(); i++) {
            int index = i;
            add(ResourceType.MANAGED_POLICY, Area.IAM, "policy", "policy", i, p -> {
                p.put("managedPolicyName", text(envId + "-policy-" + index));
                p.put("description", text("Performance test policy " + index));
                p.put(
                        "policyDocument",
                        document(
                                "Version", text("2012-10-17"),
                                "Statement",
                                        items(document(
                                                "Effect", text("Allow"),
                                                "Action",
                                                        items(text("logs:CreateLogStream"), text("logs:PutLogEvents")),
                                                "Resource", text("*")))));
            });
        }
        int otherRoles = counts.roles() - lambdaRoles;
        for (int i = 0; i < counts.instanceProfiles(); i++) {
            // CloudFormation requires Roles; the original left it empty.
            PlannedResource role = roles.get(lambdaRoles + i % otherRoles);
            int index = i;
            add(ResourceType.INSTANCE_PROFILE, Area.IAM, "instanceProfile", "instance-profile", i, p -> {
                p.put("instanceProfileName", text(envId + "-instance-profile-" + index));
                p.put("roles", items(ref(role, "roleName")));
            });
        }
    }

    private void kms() {
        for (int i = 0; i < counts.kmsKeys(); i++) {
            int index = i;
            keys.add(add(ResourceType.KMS_KEY, Area.KMS, "kmsKey", "kms-key", i, p -> {
                p.put("description", text("Performance test key " + index));
                p.put("enableKeyRotation", flag(true));
                p.put(
                        "keyPolicy",
                        document(
                                "Version", text("2012-10-17"),
                                "Statement",
                                        items(document(
                                                "Sid", text("Enable IAM policies"),
                                                "Effect", text("Allow"),
                                                "Principal", document("AWS", text("*")),
                                                "Action", text("kms:*"),
                                                "Resource", text("*")))));
                p.put("pendingWindowInDays", number(7));
            }));
        }
        for (int i = 0; i < counts.kmsAliases(); i++) {
            PlannedResource key = keys.get(i);
            int index = i;
            add(ResourceType.KMS_ALIAS, Area.KMS, "kmsAlias", "kms-alias", i, p -> {
                p.put("aliasName", text("alias/" + envId + "-key-" + index));
                p.put("targetKeyId", ref(key, "arn"));
            });
        }
    }

    // --- storage, observability, secrets, application ---------------------------------------------

    private void storage() {
        for (int i = 0; i < counts.buckets(); i++) {
            int index = i;
            add(ResourceType.BUCKET, Area.STORAGE, "bucket", "bucket", i, p -> {
                p.put("bucketName", text(envId + "-bucket-" + index));
                p.put(
                        "versioningConfiguration",
                        obj("bucket.VersioningConfiguration", Map.of("status", text("Enabled"))));
                p.put(
                        "publicAccessBlockConfiguration",
                        obj(
                                "bucket.PublicAccessBlockConfiguration",
                                ordered(
                                        "blockPublicAcls", flag(true),
                                        "blockPublicPolicy", flag(true),
                                        "ignorePublicAcls", flag(true),
                                        "restrictPublicBuckets", flag(true))));
                p.put(
                        "bucketEncryption",
                        obj(
                                "bucket.BucketEncryption",
                                Map.of(
                                        "serverSideEncryptionConfiguration",
                                        items(obj(
                                                "bucket.ServerSideEncryptionRule",
                                                Map.of(
                                                        "serverSideEncryptionByDefault",
                                                        obj(
                                                                "bucket.ServerSideEncryptionByDefault",
                                                                Map.of("sseAlgorithm", text("AES256")))))))));
            });
        }
        for (int i = 0; i < counts.tables(); i++) {
            int index = i;
            add(ResourceType.TABLE, Area.STORAGE, "table", "table", i, p -> {
                p.put("tableName", text(envId + "-table-" + index));
                p.put("billingMode", text("PAY_PER_REQUEST"));
                p.put(
                        "attributeDefinitions",
                        items(
                                obj(
                                        "table.AttributeDefinition",
                                        ordered("attributeName", text("pk"), "attributeType", text("S"))),
                                obj(
                                        "table.AttributeDefinition",
                                        ordered("attributeName", text("sk"), "attributeType", text("S")))));
                p.put(
                        "keySchema",
                        items(
                                obj("table.KeySchema", ordered("attributeName", text("pk"), "keyType", text("HASH"))),
                                obj(
                                        "table.KeySchema",
                                        ordered("attributeName", text("sk"), "keyType", text("RANGE")))));
                p.put("deletionProtectionEnabled", flag(false));
            });
        }
        for (int i = 0; i < counts.fileSystems(); i++) {
            fileSystems.add(add(ResourceType.FILE_SYSTEM, Area.STORAGE, "efs", "efs", i, p -> {
                p.put("performanceMode", text("generalPurpose"));
                p.put("encrypted", flag(true));
            }));
        }
        int v = counts.vpcs();
        int privatePerVpc = counts.privateSubnetsPerVpc();
        for (int i = 0; i < counts.mountTargets(); i++) {
            // Spread over every private subnet of every VPC, with a group of the subnet's own VPC.
            int slot = i % (v * privatePerVpc);
            int vpc = slot / privatePerVpc;
            PlannedResource subnet = privateSubnet(vpc, slot % privatePerVpc);
            PlannedResource group = securityGroup(vpc, i / (v * privatePerVpc));
            PlannedResource fileSystem = fileSystems.get(i);
            add(ResourceType.MOUNT_TARGET, Area.STORAGE, "mountTarget", "efs-mt", i, p -> {
                p.put("fileSystemId", ref(fileSystem, "fileSystemId"));
                p.put("securityGroups", items(ref(group, "groupId")));
                p.put("subnetId", ref(subnet, "id"));
            });
        }
    }

    private void observability() {
        for (int i = 0; i < counts.logGroups(); i++) {
            int index = i;
            add(ResourceType.LOG_GROUP, Area.OBSERVABILITY, "logGroup", "log-group", i, p -> {
                p.put("logGroupName", text("/perf-test/" + envId + "/app-" + index));
                p.put("retentionInDays", number(7));
            });
        }
        for (int i = 0; i < counts.queues(); i++) {
            int index = i;
            add(ResourceType.QUEUE, Area.OBSERVABILITY, "queue", "queue", i, p -> {
                p.put("queueName", text(envId + "-queue-" + index));
                p.put("visibilityTimeout", new Value.Seconds(30));
                p.put("messageRetentionPeriod", new Value.Seconds(345600));
            });
        }
    }

    private void secrets() {
        for (int i = 0; i < counts.secrets(); i++) {
            int index = i;
            add(ResourceType.SECRET, Area.SECRETS, "secret", "secret", i, p -> {
                p.put("name", text(envId + "/secret-" + index));
                p.put("description", text("Performance test secret " + index));
                p.put(
                        "generateSecretString",
                        obj(
                                "secret.GenerateSecretString",
                                ordered(
                                        "secretStringTemplate", text("{\"username\": \"perf-user-" + index + "\"}"),
                                        "generateStringKey", text("password"),
                                        "passwordLength", number(32),
                                        "excludePunctuation", flag(true))));
            });
        }
    }

    private void application() {
        int lambdaRoles = counts.lambdaRoles();
        for (int i = 0; i < counts.functions(); i++) {
            PlannedResource role = roles.get(i % lambdaRoles);
            int index = i;
            add(ResourceType.FUNCTION, Area.APPLICATION, "lambda", "lambda", i, p -> {
                p.put("functionName", text(envId + "-lambda-" + index));
                p.put("runtime", text("python3.11"));
                p.put("handler", text("index.handler"));
                p.put("role", ref(role, "arn"));
                p.put(
                        "code",
                        obj(
                                "lambdaFunc.Code",
                                Map.of(
                                        "zipFile",
                                        text(
                                                "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n"))));
                p.put("memorySize", number(128));
                p.put("timeout", number(30));
            });
        }
        for (int i = 0; i < counts.repositories(); i++) {
            int index = i;
            add(ResourceType.REPOSITORY, Area.APPLICATION, "ecr", "ecr", i, p -> {
                p.put("repositoryName", text(envId + "-ecr-" + index));
                p.put(
                        "imageScanningConfiguration",
                        obj("repository.ImageScanningConfiguration", Map.of("scanOnPush", flag(true))));
                p.put("imageTagMutability", text("MUTABLE"));
            });
        }
    }

    // --- Route53, API Gateway, RDS ----------------------------------------------------------------

    private void route53() {
        for (int i = 0; i < counts.hostedZones(); i++) {
            int index = i;
            zones.add(add(ResourceType.HOSTED_ZONE, Area.ROUTE53, "hostedZone", "zone", i, p -> {
                // example.com is reserved by AWS; the original's zones under it failed.
                p.put("name", text(zoneName(index)));
                p.put(
                        "hostedZoneConfig",
                        obj("hostedzone.HostedZoneConfig", Map.of("comment", text("Performance test zone " + index))));
            }));
        }
        for (int i = 0; i < counts.recordSets(); i++) {
            int zone = i % zones.size();
            PlannedResource hostedZone = zones.get(zone);
            String type = RECORD_TYPES[i % RECORD_TYPES.length];
            String value =
                    switch (type) {
                        case "A" -> "10.0." + (i / 250 % 250) + "." + (i % 250 + 1);
                        case "CNAME" -> "target-" + i + ".perftest.internal";
                        default -> "\"perf-test-" + i + "\"";
                    };
            int index = i;
            add(ResourceType.RECORD_SET, Area.ROUTE53, "recordSet", "record", i, p -> {
                p.put("hostedZoneId", ref(hostedZone, "id"));
                p.put("name", text("record-" + index + "." + zoneName(zone)));
                p.put("type", text(type));
                p.put("ttl", number(300));
                p.put("resourceRecords", items(text(value)));
            });
        }
    }

    private String zoneName(int index) {
        return envId + "-zone-" + index + ".perftest.internal";
    }

    private void apiGateway() {
        // Only REST APIs: a stage needs a deployment, and a deployment needs methods first.
        for (int i = 0; i < counts.restApis(); i++) {
            int index = i;
            add(ResourceType.REST_API, Area.API_GATEWAY, "restApi", "api", i, p -> {
                p.put("name", text(envId + "-api-" + index));
                p.put("description", text("Performance test API " + index));
                p.put(
                        "endpointConfiguration",
                        obj("restapi.EndpointConfiguration", Map.of("types", items(text("REGIONAL")))));
            });
        }
    }

    private void rds() {
        for (int i = 0; i < counts.dbParameterGroups(); i++) {
            int index = i;
            add(ResourceType.DB_PARAMETER_GROUP, Area.RDS, "dbParameterGroup", "db-params", i, p -> {
                p.put("dbParameterGroupName", text(envId + "-db-params-" + index));
                p.put("description", text("Performance test parameter group " + index));
                p.put("family", text(DB_FAMILIES[index % DB_FAMILIES.length]));
            });
        }
    }

    // --- building blocks --------------------------------------------------------------------------

    private interface PropertySetter {
        void set(Map<String, Value> properties);
    }

    private PlannedResource add(
            ResourceType type, Area area, String variablePrefix, String kind, int index, PropertySetter setter) {
        String label = envId + "-" + kind + "-" + index;
        Map<String, Value> properties = new LinkedHashMap<>();
        setter.set(properties);
        String tagsProperty = tagsProperty(type);
        if (tagsProperty != null) {
            properties.put(tagsProperty, items(tag("Name", label), tag("ManagedBy", "formae")));
        }
        PlannedResource resource = new PlannedResource(type, area, variablePrefix + index, label, properties);
        resources.add(resource);
        return resource;
    }

    private static String tagsProperty(ResourceType type) {
        switch (type) {
            case VPC_GATEWAY_ATTACHMENT:
            case ROUTE:
            case SUBNET_ROUTE_TABLE_ASSOCIATION:
            case SECURITY_GROUP_INGRESS:
            case SECURITY_GROUP_EGRESS:
            case LAUNCH_TEMPLATE:
            case VOLUME_ATTACHMENT:
            case MANAGED_POLICY:
            case INSTANCE_PROFILE:
            case KMS_ALIAS:
            case MOUNT_TARGET:
            case RECORD_SET:
                return null;
            case FILE_SYSTEM:
                return "fileSystemTags";
            default:
                return "tags";
        }
    }

    private static Value tag(String key, String value) {
        return new Value.Obj(null, ordered("key", text(key), "value", text(value)));
    }

    private static Value obj(String pklClass, Map<String, Value> properties) {
        return new Value.Obj(pklClass, properties);
    }

    private static Value document(Object... keyValues) {
        return new Value.Document(ordered(keyValues));
    }

    private static Map<String, Value> ordered(Object... keyValues) {
        Map<String, Value> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], (Value) keyValues[i + 1]);
        }
        return map;
    }
}

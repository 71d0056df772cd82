package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Forma JSON document in the shape of reference section 9 with a mix of AWS types and {@code $res}
 * references (subnets and security groups on a VPC, record sets on hosted zones), for tests and the
 * benchmark when the generator's CLI is not at hand.
 */
final class SyntheticForma {
    private SyntheticForma() {}

    static ObjectNode generate(String envId, int count) {
        String stack = "perf-test-" + envId;
        ObjectNode root = Forma.JSON.createObjectNode();
        root.putObject("Description")
                .put("Text", "Performance test environment " + envId)
                .put("Confirm", true);
        root.putArray("Stacks").addObject().put("Label", stack).put("Description", "Performance test " + envId);
        ObjectNode target = root.putArray("Targets").addObject();
        target.put("Label", "perf-test-target").put("Namespace", "AWS").put("Discoverable", true);
        target.putObject("Config").put("Region", "us-east-2");
        ArrayNode resources = root.putArray("Resources");
        int vpcs = Math.min(5, Math.max(1, count / 500)); // the generator caps VPCs at 5, AWS's default quota
        int zones = Math.max(1, count / 50);
        int records = Math.max(2, count / 20);
        int subnets = Math.max(1, count / 10);
        int groups = Math.max(1, count / 20);
        int buckets = Math.max(1, count / 10);
        int roles = Math.max(1, count / 12);
        int fixed = vpcs + zones + records + subnets + groups + buckets + roles;
        if (fixed > count) {
            // Small counts: a VPC, a zone with two records, then whatever fits.
            vpcs = 1;
            zones = 1;
            records = Math.min(2, Math.max(0, count - 2));
            subnets = Math.max(0, Math.min(1, count - 4));
            groups = 0;
            buckets = Math.max(0, count - 5);
            roles = 0;
            fixed = vpcs + zones + records + subnets + groups + buckets + roles;
        }
        int logGroups = Math.max(0, count - fixed);
        for (int i = 0; i < vpcs; i++) {
            ObjectNode p = resource(resources, envId, stack, "vpc-" + i, "AWS::EC2::VPC");
            p.put("CidrBlock", "10." + i + ".0.0/16")
                    .put("EnableDnsHostnames", true)
                    .put("EnableDnsSupport", true);
            tags(p, envId + "-vpc-" + i);
        }
        for (int i = 0; i < subnets; i++) {
            ObjectNode p = resource(resources, envId, stack, "subnet-" + i, "AWS::EC2::Subnet");
            p.set("VpcId", ref(envId + "-vpc-" + (i % vpcs), "AWS::EC2::VPC", stack, "VpcId"));
            p.put("CidrBlock", "10." + (i % vpcs) + "." + (i / vpcs % 256) + ".0/24");
            p.put("AvailabilityZone", "us-east-2" + "abc".charAt(i % 3));
            tags(p, envId + "-subnet-" + i);
        }
        for (int i = 0; i < groups; i++) {
            ObjectNode p = resource(resources, envId, stack, "sg-" + i, "AWS::EC2::SecurityGroup");
            p.put("GroupDescription", "perf test group " + i);
            p.set("VpcId", ref(envId + "-vpc-0", "AWS::EC2::VPC", stack, "VpcId"));
            tags(p, envId + "-sg-" + i);
        }
        for (int i = 0; i < roles; i++) {
            ObjectNode p = resource(resources, envId, stack, "role-" + i, "AWS::IAM::Role");
            p.put("RoleName", envId + "-role-" + i);
            p.putObject("AssumeRolePolicyDocument").put("Version", "2012-10-17");
            tags(p, envId + "-role-" + i);
        }
        for (int i = 0; i < buckets; i++) {
            ObjectNode p = resource(resources, envId, stack, "bucket-" + i, "AWS::S3::Bucket");
            p.put("BucketName", envId + "-bucket-" + i);
            p.putObject("VersioningConfiguration").put("Status", "Enabled");
            tags(p, envId + "-bucket-" + i);
        }
        for (int i = 0; i < logGroups; i++) {
            ObjectNode p = resource(resources, envId, stack, "logs-" + i, "AWS::Logs::LogGroup");
            p.put("LogGroupName", "/perf-test/" + envId + "/app-" + i).put("RetentionInDays", 7);
            tags(p, envId + "-logs-" + i);
        }
        for (int i = 0; i < zones; i++) {
            ObjectNode p = resource(resources, envId, stack, "zone-" + i, "AWS::Route53::HostedZone");
            p.put("Name", envId + "-zone-" + i + ".perftest.internal");
            p.putObject("HostedZoneConfig").put("Comment", "perf test zone " + i);
        }
        for (int i = 0; i < records; i++) {
            int zone = i % zones;
            ObjectNode p = resource(resources, envId, stack, "record-" + i, "AWS::Route53::RecordSet");
            p.set("HostedZoneId", ref(envId + "-zone-" + zone, "AWS::Route53::HostedZone", stack, "Id"));
            p.put("Name", "record-" + i + "." + envId + "-zone-" + zone + ".perftest.internal");
            p.put("Type", new String[] {"A", "CNAME", "TXT"}[i % 3]).put("TTL", "300");
            p.putArray("ResourceRecords").add(i % 3 == 0 ? "10.0.0." + (i % 250 + 1) : "\"perf\"");
        }
        return root;
    }

    private static ObjectNode resource(ArrayNode resources, String envId, String stack, String name, String type) {
        ObjectNode r = resources.addObject();
        r.put("Label", envId + "-" + name);
        r.put("Type", type);
        r.put("Stack", stack);
        r.put("Target", "perf-test-target");
        r.put("Managed", true);
        r.put("Schema", type);
        return r.putObject("Properties");
    }

    private static ObjectNode ref(String label, String type, String stack, String property) {
        ObjectNode ref = Forma.JSON.createObjectNode();
        ref.put("$res", true)
                .put("$label", label)
                .put("$type", type)
                .put("$stack", stack)
                .put("$property", property);
        return ref;
    }

    private static void tags(ObjectNode properties, String name) {
        ArrayNode tags = properties.putArray("Tags");
        tags.addObject().put("Key", "Name").put("Value", name);
        tags.addObject().put("Key", "ManagedBy").put("Value", "formae");
    }
}

package dev.infraperf.terrafix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apiguardian.api.API;

/**
 * Compliance-failure webhook payloads as the original locustfile generates them: five SOC2 templates, a random
 * 8-character id suffix, a random ARN per resource type, a random severity and {@code resource_details.repo_size}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FailurePayloads {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> SIZES = List.of("small", "medium", "large");
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
    private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private record Template(
            String testId,
            String testName,
            String resourceType,
            String failureReason,
            Map<String, Object> currentState,
            Map<String, Object> requiredState) {}

    private static final List<Template> TEMPLATES = List.of(
            new Template(
                    "s3-public-access-block",
                    "S3 Bucket Block Public Access",
                    "AWS::S3::Bucket",
                    "S3 bucket does not have public access blocked",
                    Map.of(
                            "block_public_acls", false,
                            "block_public_policy", false,
                            "ignore_public_acls", false,
                            "restrict_public_buckets", false),
                    Map.of(
                            "block_public_acls", true,
                            "block_public_policy", true,
                            "ignore_public_acls", true,
                            "restrict_public_buckets", true)),
            new Template(
                    "s3-versioning-enabled",
                    "S3 Bucket Versioning Enabled",
                    "AWS::S3::Bucket",
                    "S3 bucket does not have versioning enabled",
                    Map.of("versioning", "Disabled"),
                    Map.of("versioning", "Enabled")),
            new Template(
                    "iam-session-duration",
                    "IAM Role Max Session Duration",
                    "AWS::IAM::Role",
                    "IAM role session duration exceeds 1 hour",
                    Map.of("max_session_duration", 43200),
                    Map.of("max_session_duration", 3600)),
            new Template(
                    "sg-open-ssh",
                    "Security Group Restricts SSH",
                    "AWS::EC2::SecurityGroup",
                    "Security group allows SSH from 0.0.0.0/0",
                    Map.of("ssh_cidr", "0.0.0.0/0"),
                    Map.of("ssh_cidr", "10.0.0.0/8")),
            new Template(
                    "rds-encryption",
                    "RDS Storage Encrypted",
                    "AWS::RDS::DBInstance",
                    "RDS instance storage is not encrypted",
                    Map.of("storage_encrypted", false),
                    Map.of("storage_encrypted", true)));

    private FailurePayloads() {}

    public static String uniqueId(String prefix) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public static String arn(String resourceType) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder account = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            account.append(r.nextInt(10));
        }
        String region = REGIONS.get(r.nextInt(REGIONS.size()));
        switch (resourceType) {
            case "AWS::S3::Bucket":
                return "arn:aws:s3:::test-bucket-" + uniqueId("");
            case "AWS::IAM::Role":
                return "arn:aws:iam::" + account + ":role/test-role-" + uniqueId("");
            case "AWS::EC2::SecurityGroup":
                return "arn:aws:ec2:" + region + ":" + account + ":security-group/sg-"
                        + String.format("%08x", r.nextInt(10_000_000, 100_000_000));
            case "AWS::RDS::DBInstance":
                return "arn:aws:rds:" + region + ":" + account + ":db:db-" + uniqueId("");
            default:
                return "arn:aws:unknown:" + region + ":" + account + ":resource/" + uniqueId("");
        }
    }

    /** One failure object, as {@code generate_failure(repo_size=...)} builds it. */
    public static ObjectNode failure(String repoSize) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Template t = TEMPLATES.get(r.nextInt(TEMPLATES.size()));
        String arn = arn(t.resourceType());
        String resourceName =
                arn.contains("/") ? arn.substring(arn.lastIndexOf('/') + 1) : arn.substring(arn.lastIndexOf(':') + 1);
        ObjectNode node = JSON.createObjectNode();
        node.put("test_id", uniqueId(t.testId() + "-"));
        node.put("test_name", t.testName());
        node.put("resource_arn", arn);
        node.put("resource_type", t.resourceType());
        node.put("failure_reason", t.failureReason());
        node.put("severity", SEVERITIES.get(r.nextInt(SEVERITIES.size())));
        node.put("framework", "SOC2");
        node.put("failed_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        node.set("current_state", JSON.valueToTree(t.currentState()));
        node.set("required_state", JSON.valueToTree(t.requiredState()));
        node.put("resource_id", uniqueId("res-"));
        ObjectNode details = node.putObject("resource_details");
        details.put("name", resourceName);
        details.put("repo_size", repoSize);
        return node;
    }

    public static String failureJson(String repoSize) {
        return failure(repoSize).toString();
    }

    public static String batchJson(int count, String repoSize) {
        ArrayNode array = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            array.add(failure(repoSize));
        }
        return array.toString();
    }

    /** Whether a webhook answer says the failure was a duplicate ({@code "skipped": true}). */
    public static boolean skipped(String body) {
        try {
            return JSON.readTree(body).path("skipped").asBoolean(false);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

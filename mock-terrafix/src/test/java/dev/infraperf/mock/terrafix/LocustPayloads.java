package dev.infraperf.mock.terrafix;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Builds failures the way the original locustfile's {@code generate_failure} does (templates, random ids and ARNs,
 * {@code resource_details.repo_size}), so the tests send what the Locust users send.
 */
final class LocustPayloads {

    private record Template(String testId, String testName, String resourceType, String reason) {}

    private static final List<Template> TEMPLATES = List.of(
            new Template(
                    "s3-public-access-block",
                    "S3 Bucket Block Public Access",
                    "AWS::S3::Bucket",
                    "S3 bucket does not have public access blocked"),
            new Template("s3-versioning-enabled", "S3 Bucket Versioning", "AWS::S3::Bucket", "Versioning is disabled"),
            new Template(
                    "iam-session-duration", "IAM Role Session Duration", "AWS::IAM::Role", "Session duration too long"),
            new Template("sg-open-ssh", "Security Group SSH", "AWS::EC2::SecurityGroup", "SSH open to the world"),
            new Template("rds-encryption", "RDS Encryption", "AWS::RDS::DBInstance", "Storage not encrypted"));

    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
    private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");

    private final Random random;

    LocustPayloads(long seed) {
        this.random = new Random(seed);
    }

    String uniqueId(String prefix) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 8; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private String arn(String resourceType) {
        String account = String.format("%012d", (long) (random.nextDouble() * 1e12));
        String region = REGIONS.get(random.nextInt(REGIONS.size()));
        switch (resourceType) {
            case "AWS::S3::Bucket":
                return "arn:aws:s3:::test-bucket-" + uniqueId("");
            case "AWS::IAM::Role":
                return "arn:aws:iam::" + account + ":role/test-role-" + uniqueId("");
            case "AWS::EC2::SecurityGroup":
                return "arn:aws:ec2:" + region + ":" + account + ":security-group/sg-"
                        + String.format("%08x", 10_000_000 + random.nextInt(89_999_999));
            case "AWS::RDS::DBInstance":
                return "arn:aws:rds:" + region + ":" + account + ":db:db-" + uniqueId("");
            default:
                return "arn:aws:unknown:" + region + ":" + account + ":resource/" + uniqueId("");
        }
    }

    Map<String, Object> failure(String repoSize) {
        Template template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
        String arn = arn(template.resourceType());
        String name =
                arn.contains("/") ? arn.substring(arn.lastIndexOf('/') + 1) : arn.substring(arn.lastIndexOf(':') + 1);
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("test_id", uniqueId(template.testId() + "-"));
        failure.put("test_name", template.testName());
        failure.put("resource_arn", arn);
        failure.put("resource_type", template.resourceType());
        failure.put("failure_reason", template.reason());
        failure.put("severity", SEVERITIES.get(random.nextInt(SEVERITIES.size())));
        failure.put("framework", "SOC2");
        failure.put("failed_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        failure.put("current_state", Map.of("block_public_acls", false, "versioning", "Disabled"));
        failure.put("required_state", Map.of("block_public_acls", true, "versioning", "Enabled"));
        failure.put("resource_id", uniqueId("res-"));
        failure.put("resource_details", Map.of("name", name, "repo_size", repoSize));
        return failure;
    }

    List<Map<String, Object>> batch(int count, String repoSize) {
        return IntStream.range(0, count).mapToObj(i -> failure(repoSize)).toList();
    }
}

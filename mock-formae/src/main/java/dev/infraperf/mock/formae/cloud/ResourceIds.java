package dev.infraperf.mock.formae.cloud;

import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

/** AWS-shaped native ids and the attributes a create generates ({@code Id}, {@code Arn}, the type's identifier). */
final class ResourceIds {

    private final Random random = new Random();
    private final String region;

    ResourceIds(String region) {
        this.region = region;
    }

    String hex(int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** 17 hex digits derived from an id, so generated attributes survive an update unchanged. */
    static String derivedHex(String nativeId) {
        long h = 1125899906842597L;
        for (int i = 0; i < nativeId.length(); i++) {
            h = 31 * h + nativeId.charAt(i);
        }
        String hex = Long.toHexString(h) + Long.toHexString(Long.reverse(h));
        return hex.length() >= 17 ? hex.substring(0, 17) : (hex + "00000000000000000").substring(0, 17);
    }

    /** A new id in the type's style that {@code taken} does not know yet. */
    String newId(ResourceTypes.TypeSpec spec, Predicate<String> taken) {
        while (true) {
            String id;
            switch (spec.idStyle()) {
                case "@zone":
                    id = "Z" + randomChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
                    break;
                case "@uuid":
                    id = new UUID(random.nextLong(), random.nextLong()).toString();
                    break;
                case "@short":
                    id = randomChars("abcdefghijklmnopqrstuvwxyz0123456789", 10);
                    break;
                default:
                    id = spec.idStyle() + "-" + hex(17);
                    break;
            }
            if (!taken.test(id)) {
                return id;
            }
        }
    }

    private String randomChars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * Adds the generated attributes, never overwriting a value that was sent; {@code subnetZone} is the
     * availability zone of the subnet the properties name (an instance takes it), or null.
     */
    void addGeneratedAttributes(
            ResourceTypes.TypeSpec spec, String nativeId, Map<String, Object> props, Object subnetZone) {
        String arn = ResourceTypes.arn(spec.type(), region, nativeId);
        props.putIfAbsent("Id", nativeId);
        props.putIfAbsent("Arn", arn);
        if (spec.identifier() != null) {
            props.putIfAbsent(spec.identifier(), nativeId);
        }
        switch (spec.type()) {
            case ResourceTypes.ROLE:
                props.putIfAbsent(
                        "RoleId",
                        "AROA" + Integer.toHexString(nativeId.hashCode()).toUpperCase(Locale.ROOT));
                break;
            case "AWS::IAM::ManagedPolicy":
                props.putIfAbsent("PolicyArn", arn);
                break;
            case "AWS::SQS::Queue":
                props.putIfAbsent("QueueUrl", "https://sqs." + region + ".amazonaws.com/123456789012/" + nativeId);
                break;
            case "AWS::EC2::VPC":
                props.putIfAbsent("DefaultSecurityGroup", "sg-" + derivedHex(nativeId));
                break;
            case ResourceTypes.INSTANCE:
                if (subnetZone != null) {
                    props.put("AvailabilityZone", subnetZone);
                }
                break;
            default:
                break;
        }
    }
}

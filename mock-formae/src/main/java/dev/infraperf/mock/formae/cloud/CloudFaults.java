package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Faults injected into the simulated cloud ({@code /cloud/v1/faults}). Every field is optional; a
 * {@code POST} merges what is set into the current faults.
 *
 * @param latencyScale factor applied to the default per-type latencies, or null to keep it
 * @param latencyMs absolute per-type latency overrides: type -> operation ({@code create}, {@code
 *     update}, {@code delete}) -> milliseconds; not scaled
 * @param throttle operations per second per namespace ({@code EC2}, {@code S3}, ..., {@code *} for
 *     every other); 0 turns a namespace's throttle off
 * @param failNext operations to fail at completion
 * @param strictSecurityGroupVpc when true, an instance or mount target whose security groups are in
 *     another VPC than its subnet fails with {@code InvalidParameter}, as AWS does (off by default:
 *     the original generator puts every security group in VPC 0)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudFaults(
        Double latencyScale,
        Map<String, Map<String, Long>> latencyMs,
        Map<String, Double> throttle,
        List<FailRule> failNext,
        Boolean strictSecurityGroupVpc) {

    /**
     * Fails the next {@code count} accepted operations on {@code type}.
     *
     * @param type the resource type
     * @param operation the operation, or null for any
     * @param count how many operations to fail
     * @param errorCode the code they fail with; {@code InternalFailure} when null
     * @param message the message, or null for a default
     */
    public record FailRule(String type, String operation, int count, String errorCode, String message) {}

    /** No fault set. */
    public static CloudFaults none() {
        return new CloudFaults(null, null, null, null, null);
    }

    public CloudFaults withLatencyScale(double scale) {
        return new CloudFaults(scale, latencyMs, throttle, failNext, strictSecurityGroupVpc);
    }

    /** Sets an absolute latency for one type and operation. */
    public CloudFaults withLatency(String type, String operation, Duration latency) {
        var all = new LinkedHashMap<String, Map<String, Long>>(latencyMs == null ? Map.of() : latencyMs);
        var perType = new LinkedHashMap<String, Long>(all.getOrDefault(type, Map.of()));
        perType.put(operation, latency.toMillis());
        all.put(type, perType);
        return new CloudFaults(latencyScale, all, throttle, failNext, strictSecurityGroupVpc);
    }

    /** Throttles a namespace ({@code EC2}, {@code S3}, {@code IAM}, {@code Route53}, {@code *}). */
    public CloudFaults withThrottle(String namespace, double operationsPerSecond) {
        var all = new LinkedHashMap<String, Double>(throttle == null ? Map.of() : throttle);
        all.put(namespace, operationsPerSecond);
        return new CloudFaults(latencyScale, latencyMs, all, failNext, strictSecurityGroupVpc);
    }

    /** Turns the security-group-and-subnet-in-one-VPC rule on or off. */
    public CloudFaults withStrictSecurityGroupVpc(boolean strict) {
        return new CloudFaults(latencyScale, latencyMs, throttle, failNext, strict);
    }

    /** Fails the next {@code count} operations of a type (any operation when null). */
    public CloudFaults withFailNext(String type, String operation, int count, String errorCode) {
        var all = new ArrayList<FailRule>(failNext == null ? List.of() : failNext);
        all.add(new FailRule(type, operation, count, errorCode, null));
        return new CloudFaults(latencyScale, latencyMs, throttle, all, strictSecurityGroupVpc);
    }
}

package dev.infraperf.mock.formae.cloud;

import dev.infraperf.mock.formae.internal.TokenBuckets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What tests set through {@code /cloud/v1/faults}: latencies, throttling (with its token buckets),
 * injected failures and the strict security-group rule, over the start-up options.
 */
final class FaultSettings {

    private static final List<String> TIMED_OPERATIONS = List.of("create", "update", "delete");

    private final CloudOptions options;
    private final TokenBuckets throttle;
    private double latencyScale;
    private final Map<String, Map<String, Long>> latencyOverrides = new HashMap<>();
    private final Map<String, Double> throttleOverrides = new HashMap<>();
    private final List<CloudFaults.FailRule> failRules = new ArrayList<>();
    private boolean strictSecurityGroupVpc;

    FaultSettings(CloudOptions options, LongSupplier nanoClock) {
        this.options = options;
        this.throttle = new TokenBuckets(nanoClock);
        this.latencyScale = options.latencyScale();
    }

    double latencyScale() {
        return latencyScale;
    }

    boolean strictSecurityGroupVpc() {
        return strictSecurityGroupVpc;
    }

    CloudFaults snapshot() {
        Map<String, Map<String, Long>> latency = new LinkedHashMap<>();
        latencyOverrides.forEach((k, v) -> latency.put(k, Map.copyOf(v)));
        return new CloudFaults(
                latencyScale, latency, Map.copyOf(throttleOverrides), List.copyOf(failRules), strictSecurityGroupVpc);
    }

    /** Merges {@code update} into the settings: all or nothing, the first invalid field is refused. */
    void merge(CloudFaults update) {
        if (update == null) {
            throw CloudRejection.invalid("the body is empty; send a faults object");
        }
        validate(update);
        if (update.latencyScale() != null) {
            latencyScale = update.latencyScale();
        }
        if (update.latencyMs() != null) {
            update.latencyMs().forEach((type, perOp) -> latencyOverrides
                    .computeIfAbsent(type, k -> new HashMap<>())
                    .putAll(perOp));
        }
        if (update.throttle() != null) {
            throttleOverrides.putAll(update.throttle());
            throttle.clear();
        }
        if (update.strictSecurityGroupVpc() != null) {
            strictSecurityGroupVpc = update.strictSecurityGroupVpc();
        }
        if (update.failNext() != null) {
            failRules.addAll(update.failNext());
        }
    }

    private static void validate(CloudFaults update) {
        if (update.latencyScale() != null
                && (!(update.latencyScale() >= 0) || Double.isInfinite(update.latencyScale()))) {
            throw CloudRejection.invalid("[" + update.latencyScale() + "] is not a latencyScale; use a number >= 0");
        }
        if (update.latencyMs() != null) {
            update.latencyMs().forEach((type, perOp) -> {
                if (perOp == null) {
                    throw CloudRejection.invalid("latencyMs." + type + " is null; use create|update|delete -> ms");
                }
                for (Map.Entry<String, Long> e : perOp.entrySet()) {
                    if (!TIMED_OPERATIONS.contains(e.getKey()) || e.getValue() == null || e.getValue() < 0) {
                        throw CloudRejection.invalid("latencyMs." + type + "." + e.getKey() + " = " + e.getValue()
                                + " is not accepted; use create|update|delete -> milliseconds >= 0");
                    }
                }
            });
        }
        if (update.throttle() != null) {
            update.throttle().forEach((ns, rate) -> {
                if (rate == null || !(rate >= 0) || Double.isInfinite(rate)) {
                    throw CloudRejection.invalid(
                            "throttle." + ns + " = " + rate + " is not accepted; use operations/s >= 0");
                }
            });
        }
        if (update.failNext() != null) {
            for (CloudFaults.FailRule rule : update.failNext()) {
                if (rule == null || rule.type() == null || rule.count() <= 0) {
                    throw CloudRejection.invalid(
                            "failNext item " + rule + " is not accepted; it needs a type and a count > 0");
                }
            }
        }
    }

    /** Back to the start-up settings. */
    void reset() {
        latencyScale = options.latencyScale();
        latencyOverrides.clear();
        throttleOverrides.clear();
        failRules.clear();
        throttle.clear();
        strictSecurityGroupVpc = false;
    }

    /** Takes one injected failure for this operation, if a rule matches; null otherwise. */
    CloudFaults.FailRule takeFailRule(String type, String operation) {
        for (int i = 0; i < failRules.size(); i++) {
            CloudFaults.FailRule rule = failRules.get(i);
            if (rule.type().equals(type)
                    && (rule.operation() == null || rule.operation().equals(operation))) {
                if (rule.count() <= 1) {
                    failRules.remove(i);
                } else {
                    failRules.set(
                            i,
                            new CloudFaults.FailRule(
                                    rule.type(), rule.operation(), rule.count() - 1, rule.errorCode(), rule.message()));
                }
                return rule;
            }
        }
        return null;
    }

    /** How long an operation takes: the absolute override, else the type's default times the scale. */
    long latencyMillis(String type, String operation) {
        Map<String, Long> override = latencyOverrides.get(type);
        if (override != null && override.containsKey(operation)) {
            return override.get(operation);
        }
        if (operation.equals("read")) {
            return 0;
        }
        ResourceTypes.TypeSpec spec = ResourceTypes.spec(type);
        long base = operation.equals("create")
                ? spec.createMs()
                : operation.equals("delete") ? spec.deleteMs() : spec.createMs() / 2;
        return Math.round(base * latencyScale);
    }

    /** Operations per second allowed in this namespace (0 = no limit). */
    double rateFor(String namespace) {
        Double specific = throttleOverrides.get(namespace);
        if (specific != null) {
            return specific;
        }
        Double any = throttleOverrides.get("*");
        return any != null ? any : options.rateLimit();
    }

    /** Takes one token of the namespace; 429 {@code Throttling} when none is left. */
    void acquire(String namespace) {
        double rate = rateFor(namespace);
        if (!throttle.tryAcquire(namespace, rate)) {
            throw new CloudRejection(
                    429,
                    "Throttling",
                    "Rate exceeded for namespace " + namespace + ": limit " + rate + " operations/s");
        }
    }
}

package dev.infraperf.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The plan's "AWS quota verification", automated: before an environment is applied, every quota it
 * depends on (VPCs, internet gateways, NAT gateways) must leave room for what it needs.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class QuotaPreflight {

    private QuotaPreflight() {}

    /**
     * Compares {@code needByType} (CloudFormation type to count) with the quotas of {@code source}.
     *
     * @return the shortfalls, empty when the environment fits
     */
    public static List<String> shortfalls(QuotaSource source, Map<String, Integer> needByType) {
        List<String> out = new ArrayList<>();
        for (QuotaSource.Quota quota : source.quotas()) {
            int need = needByType.getOrDefault(quota.resourceType(), 0);
            if (need > 0 && quota.usage() + need > quota.value()) {
                out.add(String.format(
                        Locale.ROOT,
                        "%s (%s): quota %s, in use %d, this environment needs %d more",
                        quota.name(),
                        quota.code(),
                        format(quota.value()),
                        quota.usage(),
                        need));
            }
        }
        return out;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}

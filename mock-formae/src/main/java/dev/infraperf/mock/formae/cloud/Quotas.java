package dev.infraperf.mock.formae.cloud;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The service quotas the cloud enforces on create (VPCs, internet gateways, NAT gateways per zone). */
final class Quotas {

    private static final Map<String, String> QUOTA_TYPES = Map.of(
            CloudQuota.VPCS, ResourceTypes.VPC,
            CloudQuota.INTERNET_GATEWAYS, ResourceTypes.IGW,
            CloudQuota.NAT_GATEWAYS, ResourceTypes.NAT_GATEWAY);
    private static final int DEFAULT_VALUE = 5;

    private final ResourceStore store;
    private final Map<String, Integer> values = new HashMap<>();

    Quotas(ResourceStore store) {
        this.store = store;
        reset();
    }

    /** The problem when a create of {@code type} would go beyond its quota (resources being created count). */
    Problem check(String type, Map<String, Object> props) {
        for (Map.Entry<String, String> quota : QUOTA_TYPES.entrySet()) {
            if (!quota.getValue().equals(type)) {
                continue;
            }
            int limit = values.get(quota.getKey());
            int usage = type.equals(ResourceTypes.NAT_GATEWAY)
                    ? store.natGatewaysIn(store.zoneOfSubnet(props))
                    : store.count(type);
            if (usage >= limit) {
                String code = type.equals(ResourceTypes.VPC)
                        ? "VpcLimitExceeded"
                        : type.equals(ResourceTypes.IGW) ? "InternetGatewayLimitExceeded" : "NatGatewayLimitExceeded";
                return new Problem(
                        code, "quota " + quota.getKey() + " allows " + limit + " " + type + " and " + usage + " exist");
            }
        }
        return null;
    }

    List<CloudQuota> list() {
        List<CloudQuota> out = new ArrayList<>();
        out.add(new CloudQuota(
                "vpc",
                CloudQuota.VPCS,
                "VPCs per Region",
                ResourceTypes.VPC,
                values.get(CloudQuota.VPCS),
                store.count(ResourceTypes.VPC)));
        out.add(new CloudQuota(
                "vpc",
                CloudQuota.INTERNET_GATEWAYS,
                "Internet gateways per Region",
                ResourceTypes.IGW,
                values.get(CloudQuota.INTERNET_GATEWAYS),
                store.count(ResourceTypes.IGW)));
        Map<Object, Integer> perZone = new HashMap<>();
        for (StoredResource r : store.all()) {
            if (r.type().equals(ResourceTypes.NAT_GATEWAY)) {
                perZone.merge(String.valueOf(store.zoneOfSubnet(r.properties())), 1, Integer::sum);
            }
        }
        out.add(new CloudQuota(
                "vpc",
                CloudQuota.NAT_GATEWAYS,
                "NAT gateways per Availability Zone",
                ResourceTypes.NAT_GATEWAY,
                values.get(CloudQuota.NAT_GATEWAYS),
                perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0)));
        return out;
    }

    /** Sets quota values; all or none, an unknown code or a negative value is refused. */
    void set(Map<String, Integer> update) {
        for (Map.Entry<String, Integer> e : update.entrySet()) {
            if (!QUOTA_TYPES.containsKey(e.getKey()) || e.getValue() == null || e.getValue() < 0) {
                throw CloudRejection.invalid("quota " + e.getKey() + " = " + e.getValue()
                        + " is not accepted; use one of " + QUOTA_TYPES.keySet() + " with a value >= 0");
            }
        }
        values.putAll(update);
    }

    void reset() {
        for (String code : QUOTA_TYPES.keySet()) {
            values.put(code, DEFAULT_VALUE);
        }
    }
}

package dev.infraperf.mock.formae.cloud;

/**
 * One service quota of the simulated cloud with its current usage.
 *
 * @param serviceCode Service Quotas service code ({@code vpc})
 * @param quotaCode Service Quotas code ({@code L-F678F1CE})
 * @param name the quota's name
 * @param resourceType the type it limits
 * @param value the limit
 * @param usage resources counted against it now (any state)
 */
public record CloudQuota(String serviceCode, String quotaCode, String name, String resourceType, int value, int usage) {

    /** VPCs per Region. */
    public static final String VPCS = "L-F678F1CE";
    /** Internet gateways per Region. */
    public static final String INTERNET_GATEWAYS = "L-A4707A72";
    /** NAT gateways per Availability Zone. */
    public static final String NAT_GATEWAYS = "L-FE5A380F";
}

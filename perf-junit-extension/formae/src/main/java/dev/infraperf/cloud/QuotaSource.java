package dev.infraperf.cloud;

import java.util.List;
import org.apiguardian.api.API;

/** Where the quota pre-flight reads quotas and their usage: AWS (Service Quotas + EC2) or the simulated cloud. */
@API(status = API.Status.INTERNAL, since = "0.1")
public interface QuotaSource {

    /** The VPC quotas the generated environments depend on, with current usage. */
    List<Quota> quotas();

    /** One line naming the source. */
    String describe();

    /**
     * A quota and its usage.
     *
     * @param code the Service Quotas code, e.g. {@code L-F678F1CE}
     * @param name the quota's name, e.g. {@code VPCs per Region}
     * @param resourceType the CloudFormation type it limits, e.g. {@code AWS::EC2::VPC}
     * @param value the quota's value
     * @param usage how many such resources exist now
     */
    record Quota(String code, String name, String resourceType, double value, int usage) {}
}

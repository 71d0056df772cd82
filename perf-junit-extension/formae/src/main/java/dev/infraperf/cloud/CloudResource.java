package dev.infraperf.cloud;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * A resource found in the cloud by a {@link CloudAudit}.
 *
 * @param type the CloudFormation type, e.g. {@code AWS::S3::Bucket}
 * @param id the cloud's id (what {@link CloudAudit#deleteOutOfBand} takes): a VPC id, a bucket name,
 *     a queue URL, a role name ...
 * @param name the resource's name or {@code Name} tag, or the id when it has none
 * @param tags the resource's tags (empty for types without tags)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CloudResource(String type, String id, String name, Map<String, String> tags) {

    public CloudResource {
        tags = Map.copyOf(tags);
    }

    /** {@code AWS::S3::Bucket perf-1a2b3c4d-bucket-0}, for lists in failure messages. */
    public String describe() {
        return type + " " + (name.equals(id) ? id : name + " (" + id + ")");
    }
}

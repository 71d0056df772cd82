package dev.infraperf.checks;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.cloud.CloudResource;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on the cloud itself; get one with {@link FormaeAssertions#assertThat(CloudAudit)}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CloudAuditAssert extends AbstractAssert<CloudAuditAssert, CloudAudit> {

    CloudAuditAssert(CloudAudit actual) {
        super(actual, CloudAuditAssert.class);
    }

    /** The cloud holds no resource of the run {@code envId} (by tag, or by name for untagged types). */
    public CloudAuditAssert hasNoResourcesTaggedWith(String envId) {
        isNotNull();
        List<CloudResource> found = actual.resourcesOf(envId);
        if (!found.isEmpty()) {
            failWithMessage(
                    "%nExpecting %s%nto hold no resource tagged with:%n  %s%nbut it holds %d:%n%s",
                    actual.describe(),
                    envId,
                    found.size(),
                    found.stream().map(r -> "  - " + r.describe()).collect(Collectors.joining("\n")));
        }
        return this;
    }
}

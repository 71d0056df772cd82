package dev.infraperf.cloud;

import java.util.List;
import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * The cloud of a plugin that lives inside the agent's process, such as Formae's own {@code FakeAWS} test plugin:
 * there is nothing outside the agent to look at. Listing throws a {@link TestAbortedException} naming the reason,
 * so a check that needs the cloud's view is skipped with it, and the session's teardown notes that no audit was
 * possible instead of calling the cloud clean.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class AgentInternalCloud implements CloudAudit {

    private final String reason;

    /** A cloud that cannot be looked at, for {@code reason} (e.g. {@code FakeAWS keeps its resources in memory}). */
    public AgentInternalCloud(String reason) {
        this.reason = reason;
    }

    @Override
    public List<CloudResource> resourcesOf(String envId) {
        throw new TestAbortedException("no cloud-side view of " + envId + ": " + reason);
    }

    @Override
    public void deleteOutOfBand(CloudResource resource) {
        throw new TestAbortedException("cannot delete " + resource.describe() + " out of band: " + reason);
    }

    @Override
    public boolean isObservable() {
        return false;
    }

    @Override
    public String describe() {
        return "no cloud audit (" + reason + ")";
    }
}

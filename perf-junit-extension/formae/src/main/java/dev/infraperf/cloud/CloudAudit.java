package dev.infraperf.cloud;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Looks at the cloud itself, not at what the agent believes: lists the resources a run created and
 * deletes one behind the agent's back (drift). Two implementations: AWS SDK v2 against any AWS API
 * endpoint (real AWS, moto, LocalStack) and the API of mock-formae's simulated cloud.
 *
 * <p>A resource belongs to a run when one of its tags has a value starting with the run's
 * environment id (the generator tags every resource {@code Name=<envId>-<kind>-<i>} and Formae adds
 * {@code FormaeStackLabel=perf-test-<envId>}), or, for types without tags, when its name does.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface CloudAudit extends AutoCloseable {

    /** Every resource of the run {@code envId} still in the cloud, in any state. */
    List<CloudResource> resourcesOf(String envId);

    /** Deletes {@code resource} directly in the cloud, as an operator cleaning up by hand would. */
    void deleteOutOfBand(CloudResource resource);

    /**
     * Whether {@link #resourcesOf} can look at the cloud at all; false for a plugin whose resources live inside
     * the agent ({@link AgentInternalCloud}).
     */
    default boolean isObservable() {
        return true;
    }

    /** One line naming the cloud and how it was reached, for reports. */
    String describe();

    /** Counts of {@link #resourcesOf} per type, sorted by type. */
    default Map<String, Long> countsOf(String envId) {
        return resourcesOf(envId).stream()
                .collect(Collectors.groupingBy(CloudResource::type, TreeMap::new, Collectors.counting()));
    }

    @Override
    default void close() {}
}

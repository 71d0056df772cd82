package dev.infraperf.mock.formae;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every managed resource from the cloud and drops from the inventory those that are gone. A
 * resource with an update in flight is excluded while the update runs (its state is the executor's to
 * record); the exclusion set lives in memory only, as in Formae.
 */
final class Synchronizer {

    /** What one synchronization saw. */
    record Result(int read, int skipped, int removed) {}

    private final Agent agent;
    private final Set<ResourceKey> excluded = ConcurrentHashMap.newKeySet();

    Synchronizer(Agent agent) {
        this.agent = agent;
    }

    void register(ResourceKey key) {
        excluded.add(key);
    }

    void unregister(ResourceKey key) {
        excluded.remove(key);
    }

    int excludedCount() {
        return excluded.size();
    }

    synchronized Result synchronize() {
        List<InventoryResource> managed = agent.db.resources("managed = 1", List.of());
        List<InventoryResource> gone = new ArrayList<>();
        int read = 0;
        int skipped = 0;
        for (InventoryResource resource : managed) {
            if (excluded.contains(resource.key())) {
                skipped++;
                continue;
            }
            if (resource.nativeId() == null) {
                continue;
            }
            try {
                CloudConnection.OperationResult result =
                        agent.cloud.submit("read", resource.key().type(), null, resource.nativeId(), null, null, null);
                read++;
                if (!result.succeeded() && "NotFound".equals(result.errorCode())) {
                    gone.add(resource);
                }
            } catch (CloudConnection.ThrottledException | IOException e) {
                // Read again at the next synchronization.
                skipped++;
            } catch (CloudConnection.RejectedException e) {
                // A resource the cloud cannot read (a type it refuses): it is not gone, so it stays.
                agent.log.warn("synchronizer: cannot read " + resource.key() + ": " + e.getMessage());
                skipped++;
            }
        }
        if (!gone.isEmpty()) {
            agent.recordSynchronization(gone);
        }
        agent.log.info("synchronizer: read " + read + " managed resources, skipped " + skipped + ", removed "
                + gone.size() + " gone from the cloud");
        return new Result(read, skipped, gone.size());
    }
}

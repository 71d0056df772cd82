package dev.infraperf.formae;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The agent's inventory for a query, as returned by {@code GET /api/v1/resources?query=} or {@code
 * formae inventory resources --query}. An empty inventory is what the agent's 404 means.
 *
 * @param query the query that produced it
 * @param resources the resources found
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Inventory(String query, List<InventoryResource> resources) {

    public Inventory {
        resources = List.copyOf(resources);
    }

    /** The resources with {@code managed = true}. */
    public List<InventoryResource> managed() {
        return resources.stream().filter(InventoryResource::managed).toList();
    }

    /** How many resources are managed. */
    public int managedCount() {
        return managed().size();
    }

    /** Whether a resource with {@code label} is present. */
    public boolean contains(String label) {
        return resources.stream().anyMatch(r -> r.label().equals(label));
    }

    /** Counts per type, sorted by type. */
    public Map<String, Long> countsByType() {
        return resources.stream()
                .collect(Collectors.groupingBy(InventoryResource::type, TreeMap::new, Collectors.counting()));
    }
}

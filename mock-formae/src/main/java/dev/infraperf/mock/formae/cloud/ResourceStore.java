package dev.infraperf.mock.formae.cloud;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cloud's resources by nativeId, in creation order, with the indexes kept in step with them (aliases
 * and the reference graph); every change goes to the journal. Not thread-safe: {@link CloudState}
 * calls it under its lock.
 */
final class ResourceStore {

    private final Map<String, StoredResource> resources = new LinkedHashMap<>();
    private final Aliases aliases = new Aliases();
    private final ReferenceGraph graph = new ReferenceGraph();
    private final Consumer<Journal.Entry> journal;

    ResourceStore(Consumer<Journal.Entry> journal) {
        this.journal = journal;
    }

    /** Loads replayed resources without journaling them again. */
    void restore(Map<String, StoredResource> replayed) {
        resources.putAll(replayed);
        // aliases first: a reference may name a resource that comes later in creation order
        resources.values().forEach(aliases::index);
        resources.values().forEach(r -> graph.register(r, this::resolve));
    }

    StoredResource get(String nativeId) {
        return resources.get(nativeId);
    }

    Collection<StoredResource> all() {
        return resources.values();
    }

    int size() {
        return resources.size();
    }

    /** Whether an id is in use, as a nativeId or as any resource's alias. */
    boolean isTaken(String id) {
        return resources.containsKey(id) || aliases.contains(id);
    }

    /** The resource that an id, ARN or identifier value names, or null. */
    StoredResource resolve(Object id) {
        if (!(id instanceof String text)) {
            return null;
        }
        String nativeId = aliases.nativeIdOf(text);
        return nativeId == null ? null : resources.get(nativeId);
    }

    /** The nativeIds of the resources that reference this one. */
    Set<String> dependentsOf(String nativeId) {
        return graph.dependentsOf(nativeId);
    }

    void put(StoredResource resource) {
        StoredResource previous = resources.put(resource.nativeId(), resource);
        if (previous == null) {
            aliases.index(resource);
            graph.register(resource, this::resolve);
        } else if (previous.properties() != resource.properties()) {
            aliases.unindex(previous);
            aliases.index(resource);
            graph.unregister(resource.nativeId());
            graph.register(resource, this::resolve);
        }
        journal.accept(new Journal.Entry(resource, null, null, null));
    }

    void remove(String nativeId) {
        StoredResource removed = resources.remove(nativeId);
        if (removed == null) {
            return;
        }
        aliases.unindex(removed);
        graph.unregister(nativeId);
        journal.accept(new Journal.Entry(null, nativeId, null, null));
    }

    int count(String type) {
        int n = 0;
        for (StoredResource r : resources.values()) {
            if (r.type().equals(type)) {
                n++;
            }
        }
        return n;
    }

    /** The availability zone of the subnet that {@code props.SubnetId} names, or null. */
    Object zoneOfSubnet(Map<String, Object> props) {
        StoredResource subnet = resolve(props.get("SubnetId"));
        return subnet == null ? null : subnet.properties().get("AvailabilityZone");
    }

    int natGatewaysIn(Object zone) {
        int n = 0;
        for (StoredResource r : resources.values()) {
            if (r.type().equals(ResourceTypes.NAT_GATEWAY) && Objects.equals(zoneOfSubnet(r.properties()), zone)) {
                n++;
            }
        }
        return n;
    }

    void clear() {
        resources.clear();
        aliases.clear();
        graph.clear();
    }
}

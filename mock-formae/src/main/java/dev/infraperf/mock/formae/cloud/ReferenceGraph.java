package dev.infraperf.mock.formae.cloud;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Which resource references which (by the reference properties of {@link ResourceTypes}), both ways. */
final class ReferenceGraph {

    /** nativeId -> the nativeIds it references. */
    private final Map<String, Set<String>> referencesOf = new HashMap<>();
    /** nativeId -> the nativeIds that reference it. */
    private final Map<String, Set<String>> dependentsOf = new HashMap<>();

    /** Records what {@code r} references, resolving each property value with {@code resolve}. */
    void register(StoredResource r, Function<Object, StoredResource> resolve) {
        Set<String> targets = new LinkedHashSet<>();
        for (ResourceTypes.Reference ref : ResourceTypes.spec(r.type()).references()) {
            Object value = r.properties().get(ref.property());
            List<?> values = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
            for (Object item : values) {
                StoredResource target = resolve.apply(item);
                if (target != null && !target.nativeId().equals(r.nativeId())) {
                    targets.add(target.nativeId());
                }
            }
        }
        if (!targets.isEmpty()) {
            referencesOf.put(r.nativeId(), targets);
            for (String t : targets) {
                dependentsOf.computeIfAbsent(t, k -> new HashSet<>()).add(r.nativeId());
            }
        }
    }

    void unregister(String nativeId) {
        Set<String> targets = referencesOf.remove(nativeId);
        if (targets == null) {
            return;
        }
        for (String t : targets) {
            Set<String> dependents = dependentsOf.get(t);
            if (dependents != null) {
                dependents.remove(nativeId);
                if (dependents.isEmpty()) {
                    dependentsOf.remove(t);
                }
            }
        }
    }

    /** The nativeIds of the resources that reference {@code nativeId}. */
    Set<String> dependentsOf(String nativeId) {
        return dependentsOf.getOrDefault(nativeId, Set.of());
    }

    void clear() {
        referencesOf.clear();
        dependentsOf.clear();
    }
}

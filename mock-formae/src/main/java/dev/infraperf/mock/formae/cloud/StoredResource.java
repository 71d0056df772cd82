package dev.infraperf.mock.formae.cloud;

import java.util.List;
import java.util.Map;

/** A resource as the cloud keeps and journals it; replaced, never mutated. */
record StoredResource(
        String nativeId,
        String type,
        String label,
        String state,
        Map<String, Object> properties,
        Map<String, String> tags,
        long createdAt,
        long updatedAt,
        List<String> objects) {

    StoredResource {
        objects = objects == null ? List.of() : objects;
        tags = tags == null ? Map.of() : tags;
        properties = properties == null ? Map.of() : properties;
    }

    StoredResource withState(String newState, long now) {
        return new StoredResource(nativeId, type, label, newState, properties, tags, createdAt, now, objects);
    }
}

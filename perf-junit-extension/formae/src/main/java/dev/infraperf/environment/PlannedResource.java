package dev.infraperf.environment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One resource of an environment plan: its Pkl variable ({@code vpc0}) in its area's module, its
 * label ({@code <envId>-vpc-0}) and its properties in Pkl property names.
 */
record PlannedResource(ResourceType type, Area area, String variable, String label, Map<String, Value> properties) {

    PlannedResource {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    Value property(String name) {
        return properties.get(name);
    }
}

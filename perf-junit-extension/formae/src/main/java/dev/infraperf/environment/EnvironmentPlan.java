package dev.infraperf.environment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the generator will write: every resource, in the order of the modules and of {@code
 * main.pkl}. {@code calibratedCount} is the count the original formulas were applied to.
 */
record EnvironmentPlan(
        String envId, String region, int requestedCount, int calibratedCount, List<PlannedResource> resources) {

    EnvironmentPlan {
        resources = List.copyOf(resources);
    }

    String stack() {
        return "perf-test-" + envId;
    }

    int total() {
        return resources.size();
    }

    /** CloudFormation type -> count, in order of first appearance. */
    Map<String, Integer> countsPerType() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PlannedResource resource : resources) {
            counts.merge(resource.type().cloudFormationType(), 1, Integer::sum);
        }
        return counts;
    }

    List<PlannedResource> in(Area area) {
        List<PlannedResource> inArea = new ArrayList<>();
        for (PlannedResource resource : resources) {
            if (resource.area() == area) {
                inArea.add(resource);
            }
        }
        return inArea;
    }

    List<PlannedResource> ofType(ResourceType type) {
        List<PlannedResource> ofType = new ArrayList<>();
        for (PlannedResource resource : resources) {
            if (resource.type() == type) {
                ofType.add(resource);
            }
        }
        return ofType;
    }
}

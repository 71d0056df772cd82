package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A resource in the agent's inventory. {@code desired} keeps the forma's properties with their
 * resolvables (the source of delete edges); {@code properties} is what the cloud reported.
 */
record InventoryResource(
        String ksuid,
        ResourceKey key,
        String target,
        String nativeId,
        JsonNode properties,
        JsonNode desired,
        boolean managed,
        String commandId) {}

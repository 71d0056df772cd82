package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A target update of a command; targets need no cloud call, so they are final when stored. */
record TargetUpdate(
        String label,
        String namespace,
        JsonNode config,
        boolean discoverable,
        String operation,
        String state,
        long durationMs,
        Instant startTs,
        Instant modifiedTs) {}

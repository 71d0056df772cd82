package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infraperf.mock.formae.States.CommandState;
import java.time.Instant;
import java.util.List;

/** A stored command without its updates. */
record CommandRecord(
        String id,
        long seq,
        String command,
        String mode,
        CommandState state,
        String clientId,
        Instant startTs,
        Instant modifiedTs,
        boolean started,
        boolean cancelRequested,
        List<String> stacks,
        JsonNode description) {}

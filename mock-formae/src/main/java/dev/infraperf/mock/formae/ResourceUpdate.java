package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infraperf.mock.formae.States.Operation;
import dev.infraperf.mock.formae.States.UpdateState;
import java.time.Instant;
import java.util.List;

/** One resource update of a command; mutable, owned by the command's executor while it runs. */
final class ResourceUpdate {
    static final int MAX_ATTEMPTS = 10;

    final String commandId;
    final String ksuid;
    final Operation operation;
    final int seq;
    final ResourceKey key;
    final String target;
    /** Desired properties as the forma gave them, resolvables included. */
    final JsonNode properties;
    /** The stored properties before this update (update and delete). */
    final JsonNode oldProperties;
    /** What this update waits for: creates and updates on their references, deletes on their dependents. */
    final List<Forma.Reference> references;

    String nativeId;
    UpdateState state = UpdateState.NotStarted;
    int attempts;
    int maxAttempts = MAX_ATTEMPTS;
    String errorMessage;
    String stateMessage;
    long durationMs;
    Instant startedAt;
    Instant modifiedTs;
    int generation;

    ResourceUpdate(
            String commandId,
            String ksuid,
            Operation operation,
            int seq,
            ResourceKey key,
            String target,
            JsonNode properties,
            JsonNode oldProperties,
            List<Forma.Reference> references,
            String nativeId) {
        this.commandId = commandId;
        this.ksuid = ksuid;
        this.operation = operation;
        this.seq = seq;
        this.key = key;
        this.target = target;
        this.properties = properties;
        this.oldProperties = oldProperties;
        this.references = List.copyOf(references);
        this.nativeId = nativeId;
    }

    /** One token per update and generation, so a restarted agent can ask the cloud what became of it. */
    String clientToken() {
        return commandId + "/" + ksuid + "/" + operation + "/g" + generation;
    }

    String id() {
        return ksuid + "/" + operation;
    }
}

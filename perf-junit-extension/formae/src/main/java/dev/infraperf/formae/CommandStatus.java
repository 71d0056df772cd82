package dev.infraperf.formae;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One command as reported by {@code GET /api/v1/commands/status} or {@code formae status command
 * --output-consumer machine}. There are no count fields on the wire; {@link #counts()} derives them
 * as Formae's CLI does.
 *
 * @param commandId the command's id
 * @param command {@code apply}, {@code destroy} or {@code sync}
 * @param state the command state
 * @param startTs the start timestamp as sent, or empty
 * @param endTs the end (last modified) timestamp as sent, or empty
 * @param resourceUpdates the resource updates, in the agent's order
 * @param targetUpdates the number of target updates
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CommandStatus(
        String commandId,
        String command,
        CommandState state,
        String startTs,
        String endTs,
        List<ResourceUpdate> resourceUpdates,
        int targetUpdates) {

    public CommandStatus {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(state, "state");
        resourceUpdates = List.copyOf(resourceUpdates);
    }

    /** The CLI's counts of this command. */
    public UpdateCounts counts() {
        return UpdateCounts.of(resourceUpdates);
    }

    /** The non-read updates in {@code state}. */
    public List<ResourceUpdate> updatesIn(UpdateState wanted) {
        return resourceUpdates.stream()
                .filter(u -> !u.isRead() && u.state() == wanted)
                .toList();
    }

    /** {@code apply 36rBrLi6 InProgress total=.. success=..}, for progress lines and messages. */
    public String summary() {
        return command + " " + commandId + " " + state + " " + counts().summary();
    }
}

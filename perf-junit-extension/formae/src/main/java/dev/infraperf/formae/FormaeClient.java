package dev.infraperf.formae;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a test does with a Formae agent, whichever face reaches it: the REST API v1 ({@code
 * perf.formae.url} or the embedded mock-formae) or a {@code formae} binary ({@code
 * perf.formae.binary}). Not thread-safe in general; one test uses one client.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface FormaeClient extends AutoCloseable {

    /** Submits {@code apply} in {@code mode} ({@code reconcile} or {@code patch}); returns the command id. */
    String apply(Forma forma, String mode);

    /** Submits {@code destroy} of what the forma names; returns the command id. */
    String destroy(Forma forma);

    /** Submits {@code destroy --query}; returns the command id. */
    String destroyByQuery(String query);

    /** The status of command {@code commandId}, empty when the agent knows no such command. */
    Optional<CommandStatus> status(String commandId);

    /** Commands matching a status query ({@code id client command status stack managed}), newest first. */
    List<CommandStatus> statusQuery(String query, int maxResults);

    /** Cancels the InProgress commands matching {@code query}; returns the ids cancelled (empty when none). */
    List<String> cancel(String query);

    /** The inventory for a resource query ({@code stack type label managed}). */
    Inventory inventory(String query);

    /** Forces a synchronization of the inventory with the cloud. */
    void synchronize();

    /** Whether the agent answers its health check. */
    boolean isHealthy();

    /**
     * Whether the agent answered the submit of {@code commandId} with {@code ChangesRequired: false}: nothing to
     * change, so a real agent may never store the command; the CLI face says so for every answer without {@code
     * ChangesRequired: true} (its machine output has none). A hint only (0.75.6 answers false for every apply).
     */
    default boolean answeredNoChanges(String commandId) {
        return false;
    }

    /** One line naming the face and where it points, for reports. */
    String describe();

    @Override
    default void close() {}
}

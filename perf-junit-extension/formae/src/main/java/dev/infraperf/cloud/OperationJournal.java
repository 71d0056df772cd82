package dev.infraperf.cloud;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * A cloud that keeps a journal of the operations it was asked to run, so that what an agent did can be read
 * outside the agent's own command status (mock-formae's simulated cloud keeps one; AWS's CloudTrail would be
 * another).
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public interface OperationJournal {

    /**
     * For each resource label of the run {@code envId}, how many creates were submitted after a create of that
     * label had already succeeded: zero for none, so only labels created again appear.
     */
    Map<String, Integer> createsAfterSuccess(String envId);

    /** One line naming the journal, for messages. */
    String describe();
}

package dev.infraperf.formae;

import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Evidence of re-execution read outside the agent's command status: per resource label, how many creates
 * reached the cloud (or the plugin) again after one had already succeeded.
 *
 * @param source where it was read, e.g. {@code the simulated cloud's operation log at ...} or {@code the agent
 *     log's plugin operations in .../formae.log}
 * @param againByLabel labels created again, with how many extra creates; empty when none was
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record ReexecutedCreates(String source, Map<String, Integer> againByLabel) {

    public ReexecutedCreates {
        againByLabel = Map.copyOf(new TreeMap<>(againByLabel));
    }

    /** The extra creates of {@code label} (0 when it was created once). */
    public int againFor(String label) {
        return againByLabel.getOrDefault(label, 0);
    }
}

package dev.infraperf.formae;

import dev.infraperf.environment.GeneratedEnvironment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * What a Formae cycle needs of a generated environment: its id (the prefix of every label and
 * name), its stack, its forma and its counts per CloudFormation type.
 *
 * @param envId e.g. {@code perf-1a2b3c4d}
 * @param stack e.g. {@code perf-test-perf-1a2b3c4d}
 * @param forma the project's {@code main.pkl} and {@code forma.json}
 * @param countsByType resources per CloudFormation type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CycleEnvironment(String envId, String stack, Forma forma, Map<String, Integer> countsByType) {

    public CycleEnvironment {
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(forma, "forma");
        countsByType = Map.copyOf(countsByType);
    }

    /** The cycle view of a generated environment ({@code main.pkl} and {@code forma.json} in its directory). */
    public static CycleEnvironment of(GeneratedEnvironment generated) {
        Path json = generated.formaJson() != null
                ? generated.formaJson()
                : generated.directory().resolve("forma.json");
        return new CycleEnvironment(
                generated.envId(), generated.stack(), new Forma(generated.mainPkl(), json), generated.countsPerType());
    }

    /** The number of resources in the forma. */
    public int totalResources() {
        return countsByType.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Counts sorted by type, for messages. */
    public Map<String, Integer> sortedCounts() {
        return new TreeMap<>(countsByType);
    }
}

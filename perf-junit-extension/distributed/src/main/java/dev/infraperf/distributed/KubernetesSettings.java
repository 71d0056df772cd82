package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The {@code kubernetes} backend's settings: where the Indexed Job goes and what its pods look like. The cluster
 * itself is the kubeconfig's current context (fabric8's usual lookup: {@code KUBECONFIG}, {@code ~/.kube/config},
 * in-cluster service account).
 *
 * @param namespace the Job's namespace; default {@code default}
 * @param image the worker image: the test classpath with {@code WorkerMain} (e.g. built by Jib); required
 * @param labels extra labels of the Job and its pods, {@code k=v,k2=v2}
 * @param cpu CPU request of each worker, e.g. {@code 1}; empty for none
 * @param memory memory request of each worker, e.g. {@code 1Gi}; empty for none
 * @param nodeSelector the pods' node selector, {@code k=v,...}
 * @param ttlSeconds {@code ttlSecondsAfterFinished} of the Job, a backstop to the coordinator's own deletion
 * @param port the port each worker listens on in its pod
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record KubernetesSettings(
        String namespace,
        String image,
        Map<String, String> labels,
        String cpu,
        String memory,
        Map<String, String> nodeSelector,
        int ttlSeconds,
        int port) {

    public static final String NAMESPACE_KEY = "perf.load.k8s.namespace";
    public static final String IMAGE_KEY = "perf.load.k8s.image";
    public static final String LABELS_KEY = "perf.load.k8s.labels";
    public static final String CPU_KEY = "perf.load.k8s.cpu";
    public static final String MEMORY_KEY = "perf.load.k8s.memory";
    public static final String NODE_SELECTOR_KEY = "perf.load.k8s.nodeSelector";
    public static final String TTL_KEY = "perf.load.k8s.ttlSeconds";
    public static final String PORT_KEY = "perf.load.k8s.port";

    public KubernetesSettings {
        labels = Map.copyOf(labels);
        nodeSelector = Map.copyOf(nodeSelector);
    }

    static KubernetesSettings from(PerfConfig config) {
        return new KubernetesSettings(
                config.get(NAMESPACE_KEY, "default"),
                config.get(IMAGE_KEY, ""),
                pairs(config.get(LABELS_KEY, ""), LABELS_KEY),
                config.get(CPU_KEY, ""),
                config.get(MEMORY_KEY, ""),
                pairs(config.get(NODE_SELECTOR_KEY, ""), NODE_SELECTOR_KEY),
                config.getInt(TTL_KEY, 300),
                config.getInt(PORT_KEY, 8089));
    }

    static Map<String, String> pairs(String text, String key) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationException("[" + pair.trim() + "] is not valid in " + key
                        + "; use key=value pairs separated by commas, e.g. team=perf,run=nightly");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }
}

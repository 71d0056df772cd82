package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The {@code kubernetes} backend's settings: where the Indexed Job goes and what its pods look like. The cluster
 * itself is the kubeconfig's current context (fabric8's usual lookup: {@code KUBECONFIG}, {@code ~/.kube/config},
 * in-cluster service account). Every value is checked here; that an image is named is checked when {@value
 * DistributedSettings#CLUSTER_KEY} is {@code kubernetes} ({@link #requireImage()}).
 *
 * @param namespace the Job's namespace; default {@code default}
 * @param image the worker image: the test classpath with {@code WorkerMain} (e.g. built by Jib); required
 * @param labels extra labels of the Job and its pods, {@code k=v,k2=v2}
 * @param cpu CPU request of each worker, a Kubernetes quantity such as {@code 500m} or {@code 2}; empty for none
 * @param memory memory request of each worker, a Kubernetes quantity such as {@code 1Gi}; empty for none
 * @param nodeSelector the pods' node selector, {@code k=v,...}
 * @param ttlSeconds {@code ttlSecondsAfterFinished} of the Job, a backstop to the coordinator's own deletion
 * @param port the port each worker listens on in its pod
 * @param classpath the {@code java -cp} of the worker container; default Jib's layout {@value #JIB_CLASSPATH}
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
        int port,
        String classpath) {

    /** The Job's namespace; default {@code default}. */
    public static final String NAMESPACE_KEY = "perf.load.k8s.namespace";
    /** The worker image; required with {@code perf.load.cluster=kubernetes}. */
    public static final String IMAGE_KEY = "perf.load.k8s.image";
    /** Extra labels of the Job and its pods, {@code k=v,k2=v2}. */
    public static final String LABELS_KEY = "perf.load.k8s.labels";
    /** CPU request of each worker pod, e.g. {@code 500m}; unset for none. */
    public static final String CPU_KEY = "perf.load.k8s.cpu";
    /** Memory request of each worker pod, e.g. {@code 1Gi}; unset for none. */
    public static final String MEMORY_KEY = "perf.load.k8s.memory";
    /** The worker pods' node selector, {@code k=v,...}. */
    public static final String NODE_SELECTOR_KEY = "perf.load.k8s.nodeSelector";
    /** {@code ttlSecondsAfterFinished} of the Job; default {@code 300}. */
    public static final String TTL_KEY = "perf.load.k8s.ttlSeconds";
    /** The port a worker listens on in its pod; default {@code 8089}. */
    public static final String PORT_KEY = "perf.load.k8s.port";
    /** The worker container's {@code java -cp}; default {@value #JIB_CLASSPATH}. */
    public static final String CLASSPATH_KEY = "perf.load.k8s.classpath";

    /** Where Jib puts a project's resources, classes and dependencies; {@code java} expands the {@code *}. */
    public static final String JIB_CLASSPATH = "/app/resources:/app/classes:/app/libs/*";

    // Kubernetes' own grammars: a DNS-1123 label (namespaces, label names), a label value, a quantity
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_PREFIX =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUANTITY =
            Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][-+]?\\d+)?");

    public KubernetesSettings {
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new ConfigurationException("[" + namespace + "] is not valid for " + NAMESPACE_KEY
                    + "; use a namespace name: lower-case letters, digits and '-', at most 63, e.g. perf");
        }
        labels = Map.copyOf(labels);
        nodeSelector = Map.copyOf(nodeSelector);
        labels.forEach((k, v) -> checkLabel(k, v, LABELS_KEY));
        nodeSelector.forEach((k, v) -> checkLabel(k, v, NODE_SELECTOR_KEY));
        checkQuantity(cpu, CPU_KEY, "500m (half a CPU) or 2");
        checkQuantity(memory, MEMORY_KEY, "512Mi or 2Gi");
        if (ttlSeconds < 0) {
            throw new ConfigurationException(
                    "[" + ttlSeconds + "] is not valid for " + TTL_KEY + "; use seconds >= 0, e.g. 300");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException(
                    "[" + port + "] is not valid for " + PORT_KEY + "; use a port from 1 to 65535, e.g. 8089");
        }
        if (classpath.isBlank()) {
            throw new ConfigurationException("[" + classpath + "] is not valid for " + CLASSPATH_KEY
                    + "; use the worker image's java -cp, e.g. " + JIB_CLASSPATH + " (Jib's layout, the default)");
        }
    }

    static KubernetesSettings from(PerfConfig config) {
        return new KubernetesSettings(
                config.get(NAMESPACE_KEY, "default").trim(),
                config.get(IMAGE_KEY, "").trim(),
                pairs(config.get(LABELS_KEY, ""), LABELS_KEY),
                config.get(CPU_KEY, "").trim(),
                config.get(MEMORY_KEY, "").trim(),
                pairs(config.get(NODE_SELECTOR_KEY, ""), NODE_SELECTOR_KEY),
                config.getInt(TTL_KEY, 300),
                config.getInt(PORT_KEY, 8089),
                config.get(CLASSPATH_KEY, JIB_CLASSPATH).trim());
    }

    /** @throws ConfigurationException when no image is named, which the kubernetes backend cannot do without */
    void requireImage() {
        if (image.isBlank()) {
            throw new ConfigurationException(IMAGE_KEY + " is not set, and " + DistributedSettings.CLUSTER_KEY
                    + "=kubernetes needs it; name the worker image (the test classpath with"
                    + " dev.infraperf.distributed.WorkerMain), e.g. " + IMAGE_KEY
                    + "=registry.example/perf-workers:1; docs/distributed.md shows how Jib builds one");
        }
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

    private static void checkLabel(String key, String value, String setting) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        String name = key.substring(slash + 1);
        boolean keyOk = LABEL_NAME.matcher(name).matches()
                && (slash < 0
                        || (prefix.length() <= 253
                                && LABEL_PREFIX.matcher(prefix).matches()));
        if (!keyOk) {
            throw new ConfigurationException("[" + key + "] is not a valid label key in " + setting
                    + "; use [prefix/]name, the name at most 63 letters, digits, '-', '_' or '.', starting and"
                    + " ending with a letter or digit, e.g. team or example.com/team");
        }
        if (!value.isEmpty() && !LABEL_NAME.matcher(value).matches()) {
            throw new ConfigurationException("[" + value + "] is not a valid label value for " + key + " in "
                    + setting + "; use at most 63 letters, digits, '-', '_' or '.', starting and ending with a"
                    + " letter or digit, e.g. nightly");
        }
    }

    private static void checkQuantity(String value, String key, String example) {
        if (!value.isEmpty() && !QUANTITY.matcher(value).matches()) {
            throw new ConfigurationException("[" + value + "] is not valid for " + key
                    + "; use a Kubernetes quantity: a number with an optional suffix m, k, M, G, T, Ki, Mi, Gi or"
                    + " Ti, e.g. " + example);
        }
    }
}

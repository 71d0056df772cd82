package dev.infraperf.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kubernetes backend's configuration: defaults, and errors that name the key and what it accepts. */
class KubernetesSettingsTest {

    /** {@code perf.load.workers=2}, {@code perf.load.cluster=kubernetes}, an image, and {@code more}. */
    private static DistributedSettings kubernetes(String... more) {
        Map<String, String> keys = new HashMap<>(Map.of(
                DistributedSettings.WORKERS_KEY, "2",
                DistributedSettings.CLUSTER_KEY, "kubernetes",
                KubernetesSettings.IMAGE_KEY, "registry.example/perf-workers:1"));
        for (int i = 0; i < more.length; i += 2) {
            keys.put(more[i], more[i + 1]);
        }
        keys.values().removeIf(String::isEmpty);
        return DistributedSettings.from(PerfConfig.of(Map.of(), Map.of(), keys)).orElseThrow();
    }

    @Test
    @DisplayName("unset keys take their documented defaults")
    void defaults() {
        KubernetesSettings k8s = kubernetes().kubernetes();
        assertThat(k8s.namespace()).isEqualTo("default");
        assertThat(k8s.labels()).isEmpty();
        assertThat(k8s.cpu()).isEmpty();
        assertThat(k8s.memory()).isEmpty();
        assertThat(k8s.nodeSelector()).isEmpty();
        assertThat(k8s.ttlSeconds()).isEqualTo(300);
        assertThat(k8s.port()).isEqualTo(8089);
        assertThat(k8s.classpath()).isEqualTo("/app/resources:/app/classes:/app/libs/*");
    }

    @Test
    @DisplayName("every key is read")
    void everyKeyIsRead() {
        KubernetesSettings k8s = kubernetes(
                        KubernetesSettings.NAMESPACE_KEY, "perf",
                        KubernetesSettings.LABELS_KEY, "team=perf, example.com/run=nightly",
                        KubernetesSettings.CPU_KEY, "1500m",
                        KubernetesSettings.MEMORY_KEY, "2Gi",
                        KubernetesSettings.NODE_SELECTOR_KEY, "pool=load",
                        KubernetesSettings.TTL_KEY, "60",
                        KubernetesSettings.PORT_KEY, "9000",
                        KubernetesSettings.CLASSPATH_KEY, "/workers/*")
                .kubernetes();
        assertThat(k8s.namespace()).isEqualTo("perf");
        assertThat(k8s.labels()).isEqualTo(Map.of("team", "perf", "example.com/run", "nightly"));
        assertThat(k8s.cpu()).isEqualTo("1500m");
        assertThat(k8s.memory()).isEqualTo("2Gi");
        assertThat(k8s.nodeSelector()).isEqualTo(Map.of("pool", "load"));
        assertThat(k8s.ttlSeconds()).isEqualTo(60);
        assertThat(k8s.port()).isEqualTo(9000);
        assertThat(k8s.classpath()).isEqualTo("/workers/*");
    }

    @Test
    @DisplayName("kubernetes without an image fails fast naming the key and how to get one")
    void missingImage() {
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.IMAGE_KEY, ""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("perf.load.k8s.image is not set, and perf.load.cluster=kubernetes needs it; name the"
                        + " worker image (the test classpath with dev.infraperf.distributed.WorkerMain), e.g."
                        + " perf.load.k8s.image=registry.example/perf-workers:1; docs/distributed.md shows how Jib"
                        + " builds one");
    }

    @Test
    @DisplayName("local workers need no image")
    void localNeedsNoImage() {
        assertThat(kubernetes(DistributedSettings.CLUSTER_KEY, "local", KubernetesSettings.IMAGE_KEY, "")
                        .cluster())
                .isEqualTo("local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-8"})
    @DisplayName("fewer than one worker is refused, naming the key")
    void workersBelowOne(String workers) {
        assertThatThrownBy(() -> kubernetes(DistributedSettings.WORKERS_KEY, workers))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[" + workers + "] is not valid for perf.load.workers; use a number of workers >= 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"half", "1 CPU", "-1", "500mi"})
    @DisplayName("a CPU request that is no Kubernetes quantity is refused, saying what is accepted")
    void badCpu(String cpu) {
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.CPU_KEY, cpu))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[" + cpu + "] is not valid for perf.load.k8s.cpu; use a Kubernetes quantity: a number"
                        + " with an optional suffix m, k, M, G, T, Ki, Mi, Gi or Ti, e.g. 500m (half a CPU) or 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 GB", "1gb", "Gi"})
    @DisplayName("a memory request that is no Kubernetes quantity is refused, saying what is accepted")
    void badMemory(String memory) {
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.MEMORY_KEY, memory))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[" + memory + "] is not valid for perf.load.k8s.memory; use a Kubernetes quantity: a"
                        + " number with an optional suffix m, k, M, G, T, Ki, Mi, Gi or Ti, e.g. 512Mi or 2Gi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500m", "2", "0.5", "1Gi", "512Mi", "1e3", "1.5G"})
    @DisplayName("Kubernetes quantities are accepted")
    void goodQuantities(String quantity) {
        assertThat(kubernetes(KubernetesSettings.CPU_KEY, quantity, KubernetesSettings.MEMORY_KEY, quantity)
                        .kubernetes()
                        .cpu())
                .isEqualTo(quantity);
    }

    @Test
    @DisplayName("a namespace that is no DNS label is refused")
    void badNamespace() {
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.NAMESPACE_KEY, "Perf_Tests"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[Perf_Tests] is not valid for perf.load.k8s.namespace; use a namespace name: lower-case"
                        + " letters, digits and '-', at most 63, e.g. perf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536"})
    @DisplayName("a port outside 1-65535 is refused")
    void badPort(String port) {
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.PORT_KEY, port))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[" + port + "] is not valid for perf.load.k8s.port; use a port from 1 to 65535, e.g."
                        + " 8089");
    }

    @Test
    @DisplayName("a negative TTL is refused")
    void badTtl() {
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.TTL_KEY, "-5"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[-5] is not valid for perf.load.k8s.ttlSeconds; use seconds >= 0, e.g. 300");
    }

    @Test
    @DisplayName("labels that are not key=value, or that Kubernetes would refuse, are refused naming the key")
    void badLabels() {
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.LABELS_KEY, "team"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[team] is not valid in perf.load.k8s.labels; use key=value pairs separated by commas,"
                        + " e.g. team=perf,run=nightly");
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.NODE_SELECTOR_KEY, "pool=load pool"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("[load pool] is not a valid label value for pool in perf.load.k8s.nodeSelector; use at"
                        + " most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit,"
                        + " e.g. nightly");
        assertThatThrownBy(() -> kubernetes(KubernetesSettings.LABELS_KEY, "-team=perf"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("[-team] is not a valid label key in perf.load.k8s.labels; use [prefix/]name");
    }
}

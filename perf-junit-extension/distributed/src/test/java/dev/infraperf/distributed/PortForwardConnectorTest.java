package dev.infraperf.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.load.CountingServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real port-forward step: fabric8's {@code portForward} on the JDK HTTP client, through a mock API server that
 * relays each port-forward WebSocket to a worker JVM on this machine ({@link PortForwardRelay}), for a whole phase.
 * What a real API server and kubelet add (authorisation, the kubelet's stream to the container) is not here.
 */
class PortForwardConnectorTest {

    @Test
    @DisplayName("a phase runs through port-forward WebSockets to each pod's port: issued equals what the server"
            + " received")
    void phaseOverPortForward(@TempDir Path logs) throws Exception {
        try (CountingServer target = new CountingServer();
                LocalJvmConnector jvms = new LocalJvmConnector(2)) {
            // the fake controller names the pod of index i <job>-<i>-x<suffix>
            PortForwardRelay relay = new PortForwardRelay(
                    pod -> jvms.uri(Integer.parseInt(pod.replaceAll(".*-(\\d+)-x[0-9a-z]+$", "$1"))));
            KubernetesMockServer server =
                    new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), relay, false);
            server.init();
            try (KubernetesClient client = server.createClient();
                    FakeJobController controller = new FakeJobController(
                            client, KubernetesWorkersTest.NAMESPACE, i -> FakeJobController.running())) {
                KubernetesWorkers backend = new KubernetesWorkers(
                        KubernetesWorkersTest.settings(),
                        "pf",
                        Duration.ofMinutes(3),
                        client,
                        new PortForwardConnector(client),
                        "pf000001");
                DistributedSettings settings = new DistributedSettings(
                        2,
                        "kubernetes",
                        false,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(10),
                        Optional.of(logs),
                        "",
                        KubernetesWorkersTest.settings());

                MergedRun merged = Coordinator.run(
                        KubernetesWorkersEndToEndTest.plan("pf", 20, Duration.ofSeconds(3), target),
                        settings,
                        null,
                        "pf",
                        backend);

                assertThat(target.awaitIdle(Duration.ofSeconds(5))).isTrue();
                assertThat(merged.lost()).isEmpty();
                assertThat(merged.result().counts().issued()).isEqualTo(60);
                assertThat(target.received()).isEqualTo(60);
                assertThat(merged.workers())
                        .allSatisfy(w -> assertThat(w.counts().issued()).isEqualTo(30));
                assertThat(relay.forwarded)
                        .as("port-forward connections, each to a worker pod's port 8089")
                        .contains("perf/" + controller.podName(0) + ":8089", "perf/" + controller.podName(1) + ":8089")
                        .allMatch(f -> f.endsWith(":8089"));
                assertThat(client.batch().v1().jobs().inNamespace("perf").list().getItems())
                        .as("Jobs left after the phase")
                        .isEmpty();
            } finally {
                server.destroy();
            }
        }
    }
}

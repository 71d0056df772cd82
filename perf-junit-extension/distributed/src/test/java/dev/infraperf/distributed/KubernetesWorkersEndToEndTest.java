package dev.infraperf.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.infraperf.load.CountingServer;
import dev.infraperf.load.Task;
import dev.infraperf.load.VirtualUser;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole phase through the kubernetes backend: the coordinator creates the Indexed Job on fabric8's CRUD mock API
 * server, {@link FakeJobController} makes its pods appear ready, and each "pod" is a real worker JVM on this machine
 * ({@link LocalJvmConnector}, standing in for port-forward, which {@link PortForwardConnectorTest} covers). Only the
 * pods' containers and the port-forward are not real.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkersEndToEndTest {

    KubernetesClient client;

    /** One GET per task. */
    static final class Get extends VirtualUser {
        @Task
        void get() {
            http().get("/get").send();
        }
    }

    private static DistributedSettings settings(int workers, Path logs) {
        return new DistributedSettings(
                workers,
                "kubernetes",
                false,
                Duration.ofSeconds(60),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                Optional.of(logs),
                "",
                KubernetesWorkersTest.settings());
    }

    static WorkerPlan plan(String name, double rate, Duration duration, CountingServer server) {
        return new WorkerPlan(
                0,
                1,
                name,
                "OPEN",
                0,
                0,
                rate,
                rate,
                duration.toNanos(),
                Get.class.getName(),
                Duration.ofSeconds(10).toNanos(),
                10_000,
                0,
                "SOCKET",
                1,
                server.uri().toString(),
                false,
                "",
                0,
                0,
                0);
    }

    @Test
    @DisplayName("2 pods of an Indexed Job at 20/s in total: issued equals what the server received, and the Job is"
            + " deleted after the phase")
    void phaseRunsThroughTheKubernetesBackend(@TempDir Path logs) throws Exception {
        try (CountingServer server = new CountingServer();
                FakeJobController controller = new FakeJobController(
                        client, KubernetesWorkersTest.NAMESPACE, i -> FakeJobController.running());
                LocalJvmConnector jvms = new LocalJvmConnector(2)) {
            KubernetesWorkers backend = new KubernetesWorkers(
                    KubernetesWorkersTest.settings(), "e2e", Duration.ofMinutes(3), client, jvms, "e2e00001");

            MergedRun merged = Coordinator.run(
                    plan("k8s", 20, Duration.ofSeconds(3), server), settings(2, logs), null, "e2e", backend);

            assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
            // 20/s for 3 s, 10/s per pod: 60 arrivals, each sent and received once
            assertThat(merged.lost()).isEmpty();
            assertThat(merged.result().counts().issued()).isEqualTo(60);
            assertThat(merged.result().counts().succeeded()).isEqualTo(60);
            assertThat(server.received()).isEqualTo(60);
            assertThat(merged.workers())
                    .extracting(WorkerSummary::name)
                    .containsExactly(
                            "worker 0 (pod " + controller.podName(0) + ")",
                            "worker 1 (pod " + controller.podName(1) + ")");
            assertThat(merged.workers())
                    .allSatisfy(w -> assertThat(w.counts().issued()).isEqualTo(30));
            assertThat(merged.notes()).anySatisfy(n -> assertThat(n)
                    .startsWith("distributed over 2 pods of Kubernetes Job infra-perf-e2e-e2e00001"
                            + " (namespace perf) (perf.load.workers=2)"));
            assertThat(controller.created).hasSize(1);
            assertThat(client.batch().v1().jobs().inNamespace("perf").list().getItems())
                    .as("Jobs left after the phase")
                    .isEmpty();
        }
    }

    @Test
    @DisplayName("a worker whose pod fails mid-phase is lost with the pod's reason, its counts kept, and the Job is"
            + " deleted")
    void podFailedMidPhase(@TempDir Path logs) throws Exception {
        try (CountingServer server = new CountingServer();
                FakeJobController controller = new FakeJobController(
                        client, KubernetesWorkersTest.NAMESPACE, i -> FakeJobController.running());
                LocalJvmConnector jvms = new LocalJvmConnector(2)) {
            KubernetesWorkers backend = new KubernetesWorkers(
                    KubernetesWorkersTest.settings(), "e2e", Duration.ofMinutes(3), client, jvms, "e2e00002");
            Thread node = Thread.ofPlatform().daemon().start(() -> {
                // half-way (40 of 80 requests received): the OOM killer takes worker 1, its kubelet reports it
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (server.received() < 40 && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                controller.report(1, FakeJobController.terminated("Failed", "OOMKilled", 137));
                jvms.kill(1);
            });

            assertThatThrownBy(() -> Coordinator.run(
                            plan("oom", 20, Duration.ofSeconds(4), server), settings(2, logs), null, "e2e", backend))
                    .isInstanceOfSatisfying(WorkersLostError.class, lost -> {
                        assertThat(lost.getMessage())
                                .startsWith("phase \"oom\" lost 1 of 2 workers (perf.load.allowLostWorkers=true lets"
                                        + " it pass): worker 1 (pod " + controller.podName(1) + ") was lost: its pod "
                                        + controller.podName(1) + " failed: Failed, container worker terminated:"
                                        + " OOMKilled, exit code 137; its counts up to interval ");
                        WorkerSummary survivor = lost.workers().get(0);
                        WorkerSummary killed = lost.workers().get(1);
                        assertThat(survivor.counts().issued()).isEqualTo(40);
                        assertThat(killed.counts().succeeded()).isPositive().isLessThan(40);
                    });
            node.join(10_000);
            assertThat(client.batch().v1().jobs().inNamespace("perf").list().getItems())
                    .as("Jobs left after the lost worker")
                    .isEmpty();
        }
    }
}

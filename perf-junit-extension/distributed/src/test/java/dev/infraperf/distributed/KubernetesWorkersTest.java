package dev.infraperf.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes backend against fabric8's CRUD mock API server. The mock has no controllers, so {@link
 * FakeJobController} creates the pods a Job controller would and reports their status as a kubelet would; {@link
 * ClockStubConnector} stands in for the port-forward step ({@link PortForwardConnectorTest} tests that one).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkersTest {

    static final String NAMESPACE = "perf";
    static final String IMAGE = "registry.example/perf-workers:1";

    KubernetesClient client;

    static KubernetesSettings settings() {
        return new KubernetesSettings(
                NAMESPACE,
                IMAGE,
                Map.of("team", "perf"),
                "500m",
                "512Mi",
                Map.of("pool", "load"),
                120,
                8089,
                KubernetesSettings.JIB_CLASSPATH);
    }

    private KubernetesWorkers backend(ClockStubConnector connector) {
        return new KubernetesWorkers(settings(), "Open phase", Duration.ofSeconds(95), client, connector, "run42");
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    }

    @Test
    @DisplayName("the Job is Indexed, one never-restarted pod per worker, with the configured image, requests,"
            + " labels, node selector and TTL")
    void jobManifest() throws Exception {
        try (FakeJobController controller = new FakeJobController(client, NAMESPACE, i -> FakeJobController.running());
                ClockStubConnector connector = new ClockStubConnector();
                KubernetesWorkers backend = backend(connector)) {
            List<WorkerBackend.Endpoint> endpoints = backend.start(3, Duration.ofSeconds(30));

            assertThat(controller.created).hasSize(1);
            Job job = controller.created.get(0);
            assertThat(job.getMetadata().getName()).isEqualTo("infra-perf-open-phase-run42");
            assertThat(job.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
            Map<String, String> labels = Map.of(
                    "team", "perf",
                    "app.kubernetes.io/name", "infra-perf-worker",
                    "app.kubernetes.io/managed-by", "infra-perf",
                    "infra-perf.dev/run", "run42");
            assertThat(job.getMetadata().getLabels()).isEqualTo(labels);
            assertThat(job.getMetadata().getAnnotations()).containsEntry("infra-perf.dev/phase", "Open phase");

            assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
            assertThat(job.getSpec().getCompletions()).isEqualTo(3);
            assertThat(job.getSpec().getParallelism()).isEqualTo(3);
            assertThat(job.getSpec().getBackoffLimit()).isZero();
            assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(120);
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(95L);

            assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "load"));
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getContainers()).hasSize(1);
            Container worker = pod.getContainers().get(0);
            assertThat(worker.getImage()).isEqualTo(IMAGE);
            assertThat(worker.getCommand())
                    .containsExactly(
                            "java",
                            "-cp",
                            "/app/resources:/app/classes:/app/libs/*",
                            "dev.infraperf.distributed.WorkerMain",
                            "--bind",
                            "0.0.0.0",
                            "--port",
                            "8089",
                            "--idle-timeout",
                            "60");
            assertThat(worker.getEnv()).singleElement().satisfies(env -> {
                assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
                assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
            });
            assertThat(worker.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort())
                    .isEqualTo(8089));
            assertThat(worker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/clock");
            assertThat(worker.getReadinessProbe().getHttpGet().getPort().getIntVal())
                    .isEqualTo(8089);
            assertThat(worker.getResources().getRequests())
                    .isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("512Mi")));
            assertThat(worker.getResources().getLimits()).isNullOrEmpty();

            // one endpoint per index, each through its own pod's port
            assertThat(endpoints).extracting(WorkerBackend.Endpoint::index).containsExactly(0, 1, 2);
            assertThat(endpoints.get(1).name()).isEqualTo("worker 1 (pod " + controller.podName(1) + ")");
            assertThat(connector.connected)
                    .containsExactly(
                            controller.podName(0) + ":8089",
                            controller.podName(1) + ":8089",
                            controller.podName(2) + ":8089");
            assertThat(backend.describe())
                    .isEqualTo("3 pods of Kubernetes Job infra-perf-open-phase-run42 (namespace perf)");
        }
    }

    @Test
    @DisplayName("close() after a start closes every connection and deletes the Job, once")
    void closeDeletesTheJob() throws Exception {
        try (FakeJobController controller = new FakeJobController(client, NAMESPACE, i -> FakeJobController.running());
                ClockStubConnector connector = new ClockStubConnector()) {
            KubernetesWorkers backend = backend(connector);
            backend.start(2, Duration.ofSeconds(30));
            assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactly(backend.jobName());
            assertThat(backend.gone(0)).isEmpty();
            assertThat(backend.gone(1)).isEmpty();

            backend.close();
            assertThat(jobs()).as("Jobs left in namespace " + NAMESPACE).isEmpty();
            assertThat(connector.closed).hasValue(2);

            backend.close();
            assertThat(connector.closed)
                    .as("connections closed by a second close()")
                    .hasValue(2);
        }
    }

    @Test
    @DisplayName("workers not ready in time fail the phase before any load, naming each index and why, and the Job is"
            + " deleted")
    void startTimeoutFailsThePhaseAndDeletesTheJob() throws Exception {
        try (FakeJobController controller = new FakeJobController(client, NAMESPACE, i -> switch (i) {
                    case 0 -> FakeJobController.running();
                    case 1 -> FakeJobController.waiting("ImagePullBackOff", "Back-off pulling image \"" + IMAGE + "\"");
                    case 2 -> FakeJobController.unschedulable("0/3 nodes are available: 3 Insufficient cpu.");
                    default -> null;
                });
                ClockStubConnector connector = new ClockStubConnector()) {
            KubernetesWorkers backend = backend(connector);
            DistributedSettings settings = new DistributedSettings(
                    4,
                    "kubernetes",
                    false,
                    Duration.ofMillis(1500),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    Optional.empty(),
                    "",
                    settings());

            assertThatThrownBy(() -> Coordinator.run(plan(), settings, null, "Open phase", backend))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("phase \"open\" failed before any load: 3 of 4 workers of Job "
                            + backend.jobName() + " were not ready within PT1.5S (perf.load.workerStartTimeout):"
                            + " worker 1 (pod " + controller.podName(1) + "): Pending, container worker waiting:"
                            + " ImagePullBackOff: Back-off pulling image \"" + IMAGE + "\";"
                            + " worker 2 (pod " + controller.podName(2) + "): Pending, not scheduled: Unschedulable:"
                            + " 0/3 nodes are available: 3 Insufficient cpu.;"
                            + " worker 3: no pod (the Job controller created none; kubectl describe job "
                            + backend.jobName() + " -n perf shows why, e.g. a ResourceQuota or an admission policy)"
                            + " (4 pods of Kubernetes Job " + backend.jobName() + " (namespace perf))");
            assertThat(controller.created).as("the Job was created").hasSize(1);
            assertThat(jobs()).as("Jobs left after the failed start").isEmpty();
            assertThat(connector.connected)
                    .as("no pod is reached before all are ready")
                    .isEmpty();
        }
    }

    @Test
    @DisplayName("a pod that ends while the workers start fails the start at once with its container's reason")
    void podEndedDuringStart() throws Exception {
        try (FakeJobController controller = new FakeJobController(
                        client,
                        NAMESPACE,
                        i -> i == 1
                                ? FakeJobController.terminated("Failed", "Error", 1)
                                : FakeJobController.running());
                ClockStubConnector connector = new ClockStubConnector();
                KubernetesWorkers backend = backend(connector)) {
            // the start timeout is 10 minutes: only failing on the ended pod ends this within the bound
            assertThatThrownBy(() -> assertTimeoutPreemptively(
                            Duration.ofSeconds(60), () -> backend.start(2, Duration.ofMinutes(10))))
                    .isInstanceOf(WorkerBackend.WorkerStartException.class)
                    .hasMessage("worker 1 (pod " + controller.podName(1) + ") ended before it listened: Failed,"
                            + " container worker terminated: Error, exit code 1");
            backend.close();
            assertThat(jobs()).isEmpty();
        }
    }

    @Test
    @DisplayName("gone(i) says why a worker's pod is gone: failed with its container's reason and exit code, or"
            + " deleted")
    void goneSaysWhy() throws Exception {
        try (FakeJobController controller = new FakeJobController(client, NAMESPACE, i -> FakeJobController.running());
                ClockStubConnector connector = new ClockStubConnector();
                KubernetesWorkers backend = backend(connector)) {
            backend.start(3, Duration.ofSeconds(30));

            controller.report(1, FakeJobController.terminated("Failed", "OOMKilled", 137));
            controller.report(2, FakeJobController.terminated("Succeeded", "Completed", 0));

            assertThat(backend.gone(0)).isEmpty();
            assertThat(backend.gone(1))
                    .hasValue("its pod " + controller.podName(1)
                            + " failed: Failed, container worker terminated: OOMKilled, exit code 137");
            assertThat(backend.gone(2))
                    .hasValue("its pod " + controller.podName(2) + " ended before its report was collected:"
                            + " Succeeded, container worker terminated: Completed, exit code 0");

            controller.deletePod(0);
            assertThat(backend.gone(0)).hasValue("its pod " + controller.podName(0) + " was deleted");
        }
        assertThat(jobs()).isEmpty();
    }

    @Test
    @DisplayName("the Job's deadline covers the start timeout, the lead, the phase, the grace and the linger")
    void lifetime() {
        DistributedSettings settings = new DistributedSettings(
                2,
                "kubernetes",
                false,
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Optional.empty(),
                "",
                settings());
        // 60 s start + 3 s lead + 2 s phase + 50 ms offset of worker 1 (1/20 s) + 1 s + 15 s grace + 20 s linger
        assertThat(Coordinator.lifetime(plan(), settings)).isEqualTo(Duration.ofMillis(101_050));
        assertThat(WorkerJob.manifest(settings(), "j", "r", "p", 2, Duration.ofMillis(101_050), Duration.ZERO)
                        .getSpec()
                        .getActiveDeadlineSeconds())
                .as("activeDeadlineSeconds, rounded up")
                .isEqualTo(102L);
    }

    static WorkerPlan plan() {
        return new WorkerPlan(
                0,
                1,
                "open",
                "OPEN",
                0,
                0,
                20,
                20,
                Duration.ofSeconds(2).toNanos(),
                "dev.infraperf.distributed.NoSuchUser",
                Duration.ofSeconds(10).toNanos(),
                10_000,
                0,
                "SOCKET",
                1,
                "http://127.0.0.1:1",
                false,
                "",
                0,
                0,
                0);
    }
}

package dev.infraperf.distributed;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the Job controller and the kubelets do on a real cluster, done on fabric8's CRUD mock server (which has no
 * controllers): for each Job that appears, one pod per index, labelled as the controller labels them, with the
 * status {@code statusOf} gives (none: no pod for that index, as when a quota stops the controller).
 */
final class FakeJobController implements AutoCloseable {

    /** The mock server logs every request at INFO; held here so the level sticks (loggers are weakly kept). */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesClient client;
    private final String namespace;
    private final IntFunction<PodStatus> statusOf;
    /** Each Job as it was created, before anyone deleted it. */
    final List<Job> created = new CopyOnWriteArrayList<>();

    private final Map<String, Map<Integer, String>> pods = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    FakeJobController(KubernetesClient client, String namespace, IntFunction<PodStatus> statusOf) {
        this.client = client;
        this.namespace = namespace;
        this.statusOf = statusOf;
        thread = Thread.ofPlatform().daemon().name("fake-job-controller").start(this::loop);
    }

    private void loop() {
        while (running) {
            for (Job job :
                    client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
                if (!pods.containsKey(job.getMetadata().getName())) {
                    created.add(job);
                    pods.put(job.getMetadata().getName(), createPods(job));
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Map<Integer, String> createPods(Job job) {
        String jobName = job.getMetadata().getName();
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i < job.getSpec().getCompletions(); i++) {
            PodStatus status = statusOf.apply(i);
            if (status == null) {
                continue;
            }
            Map<String, String> labels =
                    new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
            labels.put(WorkerJob.JOB_NAME_LABEL, jobName);
            labels.put(WorkerJob.INDEX_KEY, String.valueOf(i));
            String name = jobName + "-" + i + "-x" + Integer.toString(31 * i + 7, 36);
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .addToAnnotations(WorkerJob.INDEX_KEY, String.valueOf(i))
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("batch/v1")
                            .withKind("Job")
                            .withName(jobName)
                            .withUid(job.getMetadata().getUid())
                            .withController(true)
                            .build())
                    .endMetadata()
                    .withSpec(job.getSpec().getTemplate().getSpec())
                    .withStatus(status)
                    .build();
            client.pods().inNamespace(namespace).resource(pod).create();
            names.put(i, name);
        }
        return names;
    }

    /** The name of the pod of {@code index} of the only Job, once created. */
    String podName(int index) {
        return pods.values().iterator().next().get(index);
    }

    /** The kubelet reports the pod of {@code index} as {@code status}. */
    void report(int index, PodStatus status) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName(index)).get();
        pod.setStatus(status);
        client.pods().inNamespace(namespace).resource(pod).update();
    }

    void deletePod(int index) {
        client.pods().inNamespace(namespace).withName(podName(index)).delete();
    }

    static PodStatus running() {
        return new PodStatusBuilder()
                .withPhase("Running")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName(WorkerJob.CONTAINER)
                        .withReady(true)
                        .withNewState()
                        .withNewRunning()
                        .endRunning()
                        .endState()
                        .build())
                .build();
    }

    static PodStatus waiting(String reason, String message) {
        return new PodStatusBuilder()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName(WorkerJob.CONTAINER)
                        .withReady(false)
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .build())
                .build();
    }

    static PodStatus unschedulable(String message) {
        return new PodStatusBuilder()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .endCondition()
                .build();
    }

    static PodStatus terminated(String phase, String reason, int exitCode) {
        return new PodStatusBuilder()
                .withPhase(phase)
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName(WorkerJob.CONTAINER)
                        .withReady(false)
                        .withNewState()
                        .withNewTerminated()
                        .withReason(reason)
                        .withExitCode(exitCode)
                        .endTerminated()
                        .endState()
                        .build())
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}

package dev.infraperf.distributed;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Indexed Job of a phase's workers: one pod per worker ({@code completions = parallelism = workers}), each
 * running {@link WorkerMain} with its index from {@code JOB_COMPLETION_INDEX}, never restarted or retried (a worker
 * that fails is lost, not replaced mid-phase), and bounded by {@code activeDeadlineSeconds} and {@code
 * ttlSecondsAfterFinished} should the coordinator not delete it.
 */
final class WorkerJob {

    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String NAME = "infra-perf-worker";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "infra-perf";
    static final String RUN_LABEL = "infra-perf.dev/run";
    static final String PHASE_ANNOTATION = "infra-perf.dev/phase";
    /** Set by the Job controller on each pod: the label since Kubernetes 1.28, the annotation before and since. */
    static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
    /** Set by the Job controller on each pod. */
    static final String JOB_NAME_LABEL = "job-name";

    static final String CONTAINER = "worker";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    private WorkerJob() {}

    /** {@code infra-perf-<label>-<run>}, short enough for the pods' names and the {@code job-name} label. */
    static String name(String label, String runId) {
        String slug = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.length() > 28 ? slug.substring(0, 28) : slug;
        slug = slug.replaceAll("^-+|-+$", "");
        return "infra-perf-" + (slug.isEmpty() ? "" : slug + "-") + runId;
    }

    /** The labels of the Job and of its pods: the user's, then ours (which win). */
    static Map<String, String> labels(KubernetesSettings settings, String runId) {
        Map<String, String> labels = new LinkedHashMap<>(settings.labels());
        labels.put(NAME_LABEL, NAME);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(RUN_LABEL, runId);
        return labels;
    }

    /**
     * @param lifetime the Job's {@code activeDeadlineSeconds}: how long its pods may run from its creation on, the
     *     start timeout, the phase and the time to collect it included
     * @param idleTimeout how long a worker waits for its plan before it exits
     */
    static Job manifest(
            KubernetesSettings settings,
            String name,
            String runId,
            String phase,
            int workers,
            Duration lifetime,
            Duration idleTimeout) {
        Map<String, String> labels = labels(settings, runId);
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (!settings.cpu().isEmpty()) {
            requests.put("cpu", new Quantity(settings.cpu()));
        }
        if (!settings.memory().isEmpty()) {
            requests.put("memory", new Quantity(settings.memory()));
        }
        List<String> command = List.of(
                "java",
                "-cp",
                settings.classpath(),
                WorkerMain.class.getName(),
                "--bind",
                "0.0.0.0",
                "--port",
                String.valueOf(settings.port()),
                "--idle-timeout",
                String.valueOf(Math.max(30, idleTimeout.toSeconds())));
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(settings.namespace())
                .withLabels(labels)
                .addToAnnotations(PHASE_ANNOTATION, phase)
                .endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(workers)
                .withParallelism(workers)
                .withBackoffLimit(0)
                .withTtlSecondsAfterFinished(settings.ttlSeconds())
                .withActiveDeadlineSeconds(Math.max(1, (lifetime.toMillis() + 999) / 1000))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .addToAnnotations(PHASE_ANNOTATION, phase)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                // workers need nothing from the API server, and stop within moments of being told to
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(5L)
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withCommand(command)
                // the controller injects it too; declared here so the pod spec says where the index comes from
                .withEnv(new EnvVarBuilder()
                        .withName(INDEX_ENV)
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.annotations['" + INDEX_KEY + "']")
                        .endFieldRef()
                        .endValueFrom()
                        .build())
                .addNewPort()
                .withName("worker")
                .withContainerPort(settings.port())
                .withProtocol("TCP")
                .endPort()
                // ready = listening: the coordinator talks to a pod only once it answers
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/clock")
                .withPort(new IntOrString(settings.port()))
                .endHttpGet()
                .withPeriodSeconds(1)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .withNewResources()
                .withRequests(requests.isEmpty() ? null : requests)
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}

package dev.infraperf.distributed;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code kubernetes} backend: the workers are the pods of an Indexed Job ({@link WorkerJob}) in the configured
 * namespace of the kubeconfig's cluster, reached through {@link PodConnector} (port-forward through the API server).
 * {@link #close()} deletes the Job with its pods (propagation {@code Background}), pass or fail, and a shutdown hook
 * does the same if the JVM exits first; {@code activeDeadlineSeconds} and {@code ttlSecondsAfterFinished} bound what
 * a coordinator killed outright leaves behind.
 *
 * <p>The coordinator's Kubernetes user needs, in that namespace: {@code create}, {@code delete} on {@code jobs}
 * ({@code batch}); {@code get}, {@code list} on {@code pods}; {@code create} on {@code pods/portforward}.
 */
final class KubernetesWorkers implements WorkerBackend {

    static final Duration POLL = Duration.ofMillis(250);

    private final KubernetesSettings settings;
    private final String phase;
    private final Duration lifetime;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final PodConnector connector;
    private final String runId;
    private final String jobName;
    private final Map<Integer, String> podNames = new HashMap<>();
    private final List<PodConnector.Connection> connections = new ArrayList<>();
    private final Thread hook = new Thread(this::deleteJobQuietly, "infra-perf-job-delete");
    private int workers;
    private boolean created;
    private boolean hooked;
    private boolean closed;

    /**
     * @param label the phase's label, part of the Job's name
     * @param lifetime how long the pods may run from the Job's creation on ({@code activeDeadlineSeconds})
     */
    KubernetesWorkers(KubernetesSettings settings, String label, Duration lifetime) {
        this(settings, label, lifetime, new KubernetesClientBuilder().build(), null, newRunId(), true);
    }

    /** With the caller's client (not closed here) and connector, for tests. */
    KubernetesWorkers(
            KubernetesSettings settings,
            String label,
            Duration lifetime,
            KubernetesClient client,
            PodConnector connector,
            String runId) {
        this(settings, label, lifetime, client, connector, runId, false);
    }

    private KubernetesWorkers(
            KubernetesSettings settings,
            String label,
            Duration lifetime,
            KubernetesClient client,
            PodConnector connector,
            String runId,
            boolean ownsClient) {
        settings.requireImage();
        this.settings = settings;
        this.phase = label;
        this.lifetime = lifetime;
        this.client = client;
        this.ownsClient = ownsClient;
        this.connector = connector != null ? connector : new PortForwardConnector(client);
        this.runId = runId;
        this.jobName = WorkerJob.name(label, runId);
    }

    static String newRunId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    }

    String jobName() {
        return jobName;
    }

    @Override
    public synchronized List<Endpoint> start(int n, Duration timeout) {
        if (n < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + n);
        }
        workers = n;
        long deadline = System.nanoTime() + timeout.toNanos();
        Job job = WorkerJob.manifest(settings, jobName, runId, phase, n, lifetime, timeout.multipliedBy(2));
        created = true; // a create that timed out may still have happened: close() deletes either way
        try {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(settings.namespace())
                    .resource(job)
                    .create();
        } catch (KubernetesClientException e) {
            created = e.getCode() == 0; // refused (4xx, 5xx): there is nothing to delete
            throw new WorkerStartException("could not create Job " + jobName + " in namespace " + settings.namespace()
                    + " of " + client.getMasterUrl() + ": " + failure(e) + hint(e));
        }
        Runtime.getRuntime().addShutdownHook(hook);
        hooked = true;
        Map<Integer, Pod> ready = awaitReady(n, timeout, deadline);
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pod pod = ready.get(i);
            String name = pod.getMetadata().getName();
            String who = "worker " + i + " (pod " + name + ")";
            PodConnector.Connection connection;
            try {
                connection = connector.connect(pod, i, settings.port());
            } catch (IOException e) {
                throw new WorkerStartException(who + " is ready but could not be reached: " + e.getMessage()
                        + "; the coordinator's Kubernetes user needs create on pods/portforward in namespace "
                        + settings.namespace());
            }
            connections.add(connection);
            awaitAnswer(who, connection.uri(), timeout, deadline);
            endpoints.add(new Endpoint(i, who, connection.uri()));
        }
        return endpoints;
    }

    /** Polls the Job's pods until each index has a ready one; fails early when one ended, at the deadline else. */
    private Map<Integer, Pod> awaitReady(int n, Duration timeout, long deadline) {
        String lastError = "";
        Map<Integer, Pod> pods = Map.of();
        while (true) {
            try {
                pods = pods();
                lastError = "";
            } catch (KubernetesClientException e) {
                lastError = "; listing its pods failed: " + failure(e) + hint(e);
            }
            for (int i = 0; i < n; i++) {
                Pod pod = pods.get(i);
                if (pod != null) {
                    podNames.put(i, pod.getMetadata().getName());
                    if (PodState.ended(pod)) {
                        throw new WorkerStartException(
                                "worker " + i + " (pod " + pod.getMetadata().getName() + ") ended before it listened: "
                                        + PodState.describe(pod));
                    }
                }
            }
            Map<Integer, Pod> seen = pods;
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (seen.get(i) == null || !PodState.ready(seen.get(i))) {
                    missing.add(i);
                }
            }
            if (missing.isEmpty()) {
                return seen;
            }
            if (System.nanoTime() >= deadline) {
                List<String> why = new ArrayList<>();
                for (int i : missing) {
                    Pod pod = seen.get(i);
                    why.add(
                            pod == null
                                    ? "worker " + i + ": no pod (the Job controller created none; kubectl describe job "
                                            + jobName + " -n " + settings.namespace()
                                            + " shows why, e.g. a ResourceQuota or an admission policy)"
                                    : "worker " + i + " (pod "
                                            + pod.getMetadata().getName() + "): " + PodState.describe(pod));
                }
                throw new WorkerStartException(missing.size() + " of " + n + " workers of Job " + jobName
                        + " were not ready within " + timeout + " (" + DistributedSettings.START_TIMEOUT_KEY + "): "
                        + String.join("; ", why) + lastError);
            }
            sleep(POLL);
        }
    }

    /** The newest pod of each index of the Job. */
    private Map<Integer, Pod> pods() {
        List<Pod> items = client.pods()
                .inNamespace(settings.namespace())
                .withLabel(WorkerJob.JOB_NAME_LABEL, jobName)
                .list()
                .getItems();
        Map<Integer, Pod> byIndex = new HashMap<>();
        items.stream()
                .sorted(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .forEach(p -> index(p).ifPresent(i -> byIndex.put(i, p)));
        return byIndex;
    }

    private static Optional<Integer> index(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = labels != null ? labels.get(WorkerJob.INDEX_KEY) : null;
        if (value == null && annotations != null) {
            value = annotations.get(WorkerJob.INDEX_KEY);
        }
        try {
            return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ready means its probe answered in the pod; this checks that it answers through the connection too. */
    private static void awaitAnswer(String who, URI uri, Duration timeout, long deadline) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String last = "";
        do {
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(uri.resolve("/clock"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + answer.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerStartException("interrupted while reaching " + who);
            }
            sleep(POLL);
        } while (System.nanoTime() < deadline);
        throw new WorkerStartException(who + " is ready but did not answer through " + uri + " within " + timeout + " ("
                + DistributedSettings.START_TIMEOUT_KEY + "): " + last);
    }

    @Override
    public Optional<String> gone(int index) {
        String name;
        synchronized (this) {
            name = podNames.get(index);
        }
        if (name == null) {
            return Optional.empty();
        }
        Pod pod;
        try {
            pod = client.pods().inNamespace(settings.namespace()).withName(name).get();
        } catch (KubernetesClientException e) {
            // the API server does not say: whether the worker answers decides (perf.load.workerTimeout)
            return Optional.empty();
        }
        return PodState.gone(name, pod);
    }

    @Override
    public String describe() {
        return workers + " pods of Kubernetes Job " + jobName + " (namespace " + settings.namespace() + ")";
    }

    /** Closes the connections and deletes the Job and its pods; once, whatever happened before. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        for (PodConnector.Connection connection : connections) {
            try {
                connection.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        IllegalStateException failure = null;
        try {
            deleteJob();
        } catch (KubernetesClientException e) {
            failure = new IllegalStateException("could not delete Job " + jobName + " in namespace "
                    + settings.namespace() + ": " + failure(e) + hint(e) + "; delete it with kubectl delete job "
                    + jobName + " -n " + settings.namespace() + " (its activeDeadlineSeconds stops its pods anyway)");
        }
        if (hooked) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
        if (ownsClient) {
            client.close();
        }
        if (failure == null && !failures.isEmpty()) {
            failure = new IllegalStateException(
                    "closing the connections to the workers of Job " + jobName + " failed (the Job was deleted)");
        }
        if (failure != null) {
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void deleteJob() {
        if (created) {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(settings.namespace())
                    .withName(jobName)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        }
    }

    private void deleteJobQuietly() {
        try {
            deleteJob();
        } catch (RuntimeException e) {
            System.err.println("[infra-perf] could not delete Job " + jobName + " in namespace " + settings.namespace()
                    + " at exit: " + e.getMessage());
        }
    }

    private static String failure(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return "HTTP " + e.getCode() + " " + e.getStatus().getMessage();
        }
        Throwable cause = e.getCause();
        return e.getCode() > 0
                ? "HTTP " + e.getCode() + " " + e.getMessage()
                : String.valueOf(cause != null ? cause : e);
    }

    private String hint(KubernetesClientException e) {
        return switch (e.getCode()) {
            case 401 -> " (the kubeconfig's credentials were refused)";
            case 403 ->
                " (the coordinator's Kubernetes user needs create/delete on jobs.batch, get/list on pods and"
                        + " create on pods/portforward in namespace " + settings.namespace()
                        + "; docs/distributed.md has a Role)";
            case 404 ->
                " (does namespace " + settings.namespace() + " exist? " + KubernetesSettings.NAMESPACE_KEY + ")";
            case 0 ->
                " (is the cluster reachable? the kubeconfig's current context is used: KUBECONFIG or"
                        + " ~/.kube/config)";
            default -> "";
        };
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStartException("interrupted while starting the workers");
        }
    }
}

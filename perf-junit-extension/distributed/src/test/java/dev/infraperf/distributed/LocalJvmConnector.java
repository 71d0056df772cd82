package dev.infraperf.distributed;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Stands in for port-forward in the end-to-end test: the "pod" of index {@code i} (read from the label the Job
 * controller sets) is a real worker JVM on this machine, started as the local backend starts them, so the coordinator
 * speaks the real protocol to real workers through the kubernetes backend.
 */
final class LocalJvmConnector implements PodConnector, AutoCloseable {

    private final LocalWorkers jvms = new LocalWorkers("");
    private final List<WorkerBackend.Endpoint> endpoints;

    LocalJvmConnector(int workers) {
        endpoints = jvms.start(workers, Duration.ofSeconds(60));
    }

    @Override
    public Connection connect(Pod pod, int index, int port) throws IOException {
        String label = pod.getMetadata().getLabels().get(WorkerJob.INDEX_KEY);
        if (label == null || Integer.parseInt(label) != index) {
            throw new IOException("pod " + pod.getMetadata().getName() + " has index label " + label
                    + ", asked for as worker " + index);
        }
        return new Connection(endpoints.get(index).uri(), () -> {});
    }

    /** Where worker {@code index} listens on this machine. */
    java.net.URI uri(int index) {
        return endpoints.get(index).uri();
    }

    /** Kills the JVM of worker {@code index} outright, as a node failure or the OOM killer would. */
    void kill(int index) {
        String name = endpoints.get(index).name(); // worker 1 (pid 4242)
        long pid = Long.parseLong(name.substring(name.indexOf("(pid ") + 5, name.indexOf(')')));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        jvms.close();
    }
}

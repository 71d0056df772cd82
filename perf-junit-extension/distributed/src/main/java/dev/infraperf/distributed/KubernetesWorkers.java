package dev.infraperf.distributed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Placeholder until the Indexed Job backend lands. */
final class KubernetesWorkers implements WorkerBackend {
    KubernetesWorkers(KubernetesSettings settings, String label) {}

    @Override
    public List<Endpoint> start(int workers, Duration timeout) {
        throw new WorkerStartException("the kubernetes backend is not available yet");
    }

    @Override
    public Optional<String> gone(int index) {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "kubernetes";
    }

    @Override
    public void close() {}
}

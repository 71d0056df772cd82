package dev.infraperf.load;

import dev.infraperf.config.PerfConfig;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a phase somewhere other than this JVM, e.g. on the workers of {@code infra-perf-distributed} when {@code
 * perf.load.workers} asks for them. Found through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.infraperf.load.PhaseDispatcher}) by {@link PhaseDispatchers}; infra-perf-load names no
 * implementation and, without one, runs every phase here.
 */
interface PhaseDispatcher {

    /**
     * The run of {@code plan} elsewhere, judged and reported like a run of this JVM; empty to let this JVM run it.
     *
     * @throws RuntimeException or {@link AssertionError} when the phase was meant to run elsewhere and could not
     */
    Optional<PhaseRun> dispatch(
            PhasePlan plan, URI target, TlsTrust trust, Consumer<String> progress, String label, PerfConfig config);
}

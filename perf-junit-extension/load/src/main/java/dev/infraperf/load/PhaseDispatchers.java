package dev.infraperf.load;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** The {@link PhaseDispatcher}s of this JVM, loaded once; the first that takes a phase runs it. */
final class PhaseDispatchers {

    private static final List<PhaseDispatcher> DISPATCHERS = load();

    private PhaseDispatchers() {}

    private static List<PhaseDispatcher> load() {
        List<PhaseDispatcher> found = new ArrayList<>();
        ServiceLoader.load(PhaseDispatcher.class, PhaseDispatcher.class.getClassLoader())
                .forEach(found::add);
        return List.copyOf(found);
    }

    /**
     * The one path from a phase to its result, for the annotations and {@link LoadEngine} alike: run (here or on
     * workers), then judge against {@code thresholds}.
     */
    static PhaseResult runAndJudge(
            PhasePlan plan,
            URI target,
            TlsTrust trust,
            ThresholdSpec thresholds,
            Consumer<String> progress,
            String label,
            PerfConfig config) {
        PhaseRun run = run(plan, target, trust, progress, label, config);
        return new PhaseResult(run, Judge.judge(run, thresholds), thresholds.failOn());
    }

    /** Runs {@code plan} through the first dispatcher that takes it, else in this JVM. */
    static PhaseRun run(
            PhasePlan plan, URI target, TlsTrust trust, Consumer<String> progress, String label, PerfConfig config) {
        for (PhaseDispatcher dispatcher : DISPATCHERS) {
            Optional<PhaseRun> run = dispatcher.dispatch(plan, target, trust, progress, label, config);
            if (run.isPresent()) {
                return run.get();
            }
        }
        requireNoWorkersAsked(config);
        return new PhaseRunner(plan, target, trust, progress, label).run();
    }

    /** {@code perf.load.workers} without infra-perf-distributed would silently run the phase here: refuse it. */
    private static void requireNoWorkersAsked(PerfConfig config) {
        Optional<dev.infraperf.config.ConfigValue> workers = config.lookup(WORKERS_KEY);
        if (workers.isPresent() && !workers.get().value().strip().matches("0*")) {
            throw new ConfigurationException(workers.get().describe()
                    + " asks for distributed load, but no dispatcher is on the test classpath; add"
                    + " dev.infraperf:infra-perf-distributed (test scope) or unset " + WORKERS_KEY);
        }
    }

    /** The key infra-perf-distributed reads; known here only to refuse it when that artifact is missing. */
    static final String WORKERS_KEY = "perf.load.workers";
}

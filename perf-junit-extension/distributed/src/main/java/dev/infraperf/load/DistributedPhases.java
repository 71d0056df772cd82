package dev.infraperf.load;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.distributed.Coordinator;
import dev.infraperf.distributed.DistributedSettings;
import dev.infraperf.distributed.MergedRun;
import dev.infraperf.distributed.WorkerPlan;
import dev.infraperf.distributed.WorkerReport;
import dev.infraperf.distributed.WorkersLostError;
import dev.infraperf.reports.model.LoadModel;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The bridge between the engine's package-private phase model and infra-perf-distributed: the {@link
 * PhaseDispatcher} that sends a phase to workers when {@code perf.load.workers} is set, and the entry a worker runs its
 * share through. It lives in the engine's package so that infra-perf-load exposes nothing for it.
 */
@API(status = INTERNAL, since = "0.1")
public final class DistributedPhases implements PhaseDispatcher {

    /** For {@link java.util.ServiceLoader}. */
    public DistributedPhases() {}

    @Override
    public Optional<PhaseRun> dispatch(
            PhasePlan plan, URI target, TlsTrust trust, Consumer<String> progress, String label, PerfConfig config) {
        Optional<DistributedSettings> settings = DistributedSettings.from(config);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        if (!plan.hooks().isEmpty()) {
            throw new ConfigurationException("phase \"" + plan.name() + "\" has hooks ("
                    + plan.hooks().size() + "), which act on one JVM's phase and cannot run on "
                    + DistributedSettings.WORKERS_KEY + "=" + settings.get().workers()
                    + " workers; unset " + DistributedSettings.WORKERS_KEY + " or drop the hooks");
        }
        WorkerPlan whole = new WorkerPlan(
                0,
                1,
                plan.name(),
                plan.model().name(),
                plan.users(),
                plan.spawnRate(),
                plan.arrivalRate(),
                plan.rampToRate(),
                plan.duration().toNanos(),
                plan.userClass().getName(),
                plan.requestTimeout().toNanos(),
                plan.maxInFlight(),
                plan.connections(),
                plan.client().name(),
                plan.timeScale(),
                target.toString(),
                config.getBoolean(LoadTarget.TRUST_ALL_KEY, false),
                config.get(LoadTarget.TRUST_STORE_KEY).orElse(""),
                0,
                0,
                0);
        try {
            return Optional.of(toRun(plan, Coordinator.run(whole, settings.get(), progress, label)));
        } catch (WorkersLostError e) {
            PhaseRun run = toRun(plan, e.merged());
            e.phase(new PhaseResult(run, Judge.judge(run, ThresholdSpec.DEFAULT), ThresholdSpec.DEFAULT.failOn()));
            throw e;
        }
    }

    private static PhaseRun toRun(PhasePlan plan, MergedRun merged) {
        return new PhaseRun(
                merged.result(),
                merged.failuresPerClass(),
                merged.taskErrors(),
                Map.of(),
                merged.notes(),
                plan.rampUp(),
                plan.timeScale(),
                merged.succeeded());
    }

    /**
     * Runs a worker's share in this JVM, starting now (the caller waits for the agreed instant), and returns its
     * account.
     */
    public static WorkerReport runShare(WorkerPlan share, String label, long plannedStartNanoTime) {
        Class<? extends VirtualUser> user = userClass(share.userClass());
        Duration duration = Duration.ofNanos(share.durationNanos());
        PhasePlan plan = new PhasePlan(
                share.phase(),
                LoadModel.valueOf(share.model()),
                share.users(),
                share.spawnRate(),
                share.arrivalRate(),
                share.rampToRate(),
                duration,
                user,
                List.of(),
                Duration.ofNanos(share.requestTimeoutNanos()),
                share.maxInFlight(),
                PhasePlan.ClientKind.valueOf(share.client()),
                share.timeScale(),
                share.connections());
        Map<String, String> trust = new HashMap<>();
        if (share.trustAll()) {
            trust.put(LoadTarget.TRUST_ALL_KEY, "true");
        }
        if (!share.trustStore().isBlank()) {
            trust.put(LoadTarget.TRUST_STORE_KEY, share.trustStore());
        }
        TlsTrust tls = TlsTrust.from(PerfConfig.of(trust, Map.of(), Map.of()), "");
        long cpuBefore = cpuNanos();
        long late = System.nanoTime() - plannedStartNanoTime;
        PhaseRun run = new PhaseRunner(plan, URI.create(share.target()), tls, null, label).run();
        long cpuAfter = cpuNanos();
        return new WorkerReport(
                share.index(),
                run.result(),
                run.failuresPerClass(),
                run.taskErrors(),
                run.notes(),
                run.succeededLatency(),
                late,
                cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore,
                Runtime.getRuntime().availableProcessors());
    }

    private static Class<? extends VirtualUser> userClass(String name) {
        try {
            Class<?> type = Class.forName(name, false, DistributedPhases.class.getClassLoader());
            if (!VirtualUser.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(name + " is not a VirtualUser");
            }
            return type.asSubclass(VirtualUser.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "user class " + name + " is not on this worker's classpath; workers load the test's user classes"
                            + " from their own classpath (the test classpath locally, the image on Kubernetes)");
        }
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}

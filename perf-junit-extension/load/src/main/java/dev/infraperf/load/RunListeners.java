package dev.infraperf.load;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.infraperf.report.RunReport;
import dev.infraperf.reports.ReportFiles;
import dev.infraperf.reports.ReportWriter;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LoadModel;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.StateSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link RunListener}s of this JVM, loaded once, and the events the engine, the JUnit extension and the Formae
 * session hand them. With no listener on the classpath {@link #ACTIVE} is false and no event is built. Public only
 * for the Formae session in another package.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunListeners {

    private static final List<RunListener> LISTENERS = load();
    /** Whether any listener is on the classpath. */
    static final boolean ACTIVE = !LISTENERS.isEmpty();

    private static final Set<Class<?>> FAILED = ConcurrentHashMap.newKeySet();

    private RunListeners() {}

    private static List<RunListener> load() {
        List<RunListener> found = new ArrayList<>();
        try {
            ServiceLoader.load(RunListener.class, RunListener.class.getClassLoader())
                    .forEach(found::add);
        } catch (ServiceConfigurationError e) {
            System.out.println("[load] a RunListener could not be loaded and is ignored: " + e.getMessage());
        }
        return List.copyOf(found);
    }

    /** Whether any listener watches; callers skip building an event when none does. */
    public static boolean active() {
        return ACTIVE;
    }

    static void phaseStarted(String label, PhasePlan plan, Behaviour behaviour, Instant startedAt) {
        if (!ACTIVE) {
            return;
        }
        RunListener.PhaseStarted event =
                new RunListener.PhaseStarted(test(label, plan.name()), plan.name(), spec(plan, behaviour), startedAt);
        each(l -> l.phaseStarted(event));
    }

    static void interval(
            String label,
            PhasePlan plan,
            PhaseState state,
            IntervalStats stats,
            Histogram raw,
            Histogram corrected,
            String consoleLine) {
        if (!ACTIVE) {
            return;
        }
        long totalOk = 0;
        long totalFailed = 0;
        List<RunListener.EndpointCounts> endpoints = new ArrayList<>();
        for (EndpointRecorder ep : state.recorder().endpoints()) {
            // the sampler has just read these into last*: the same figures as the interval counts
            totalOk += ep.lastSucceeded;
            totalFailed += ep.lastFailed + ep.lastTimedOut;
            endpoints.add(new RunListener.EndpointCounts(
                    ep.name, ep.method, ep.lastSucceeded, ep.lastFailed, ep.lastTimedOut));
        }
        endpoints.sort((a, b) -> a.name().compareTo(b.name()));
        boolean closed = plan.model() == LoadModel.CLOSED;
        RunListener.Interval event = new RunListener.Interval(
                test(label, plan.name()),
                plan.name(),
                stats.offset().plus(stats.length()),
                plan.duration(),
                stats.requests() - stats.failures(),
                stats.failures(),
                totalOk,
                totalFailed,
                percentiles(raw),
                percentiles(corrected),
                state.recorder().failures.countsPerClass(),
                closed ? state.activeUsers.get() : 0,
                closed ? 0 : state.inFlight.get(),
                state.recorder().dropped.sum(),
                endpoints,
                consoleLine == null ? "" : consoleLine,
                raw,
                corrected);
        each(l -> l.interval(event));
    }

    static void phaseEnded(String label, dev.infraperf.reports.model.PhaseResult result) {
        if (!ACTIVE) {
            return;
        }
        RunListener.PhaseEnded event = new RunListener.PhaseEnded(test(label, result.name()), result.name(), result);
        each(l -> l.phaseEnded(event));
    }

    /** After the run directory of {@code result}'s test method was written. */
    static void phasesReported(ExtensionContext context, LoadResult result) {
        if (!ACTIVE) {
            return;
        }
        Optional<Path> summary = Optional.empty();
        try {
            RunReport report = RunReport.of(context);
            Path dir = ReportWriter.into(report.resultsRoot())
                    .directoryOf(LoadReports.toRunResult(report, context, result));
            summary = Optional.of(dir.resolve(ReportFiles.SUMMARY_HTML).toAbsolutePath())
                    .filter(Files::isRegularFile);
        } catch (RuntimeException e) {
            // no link then: the page still lists the phase and its verdicts
        }
        String test = context.getRequiredTestClass().getSimpleName();
        for (PhaseResult phase : result.phases()) {
            RunListener.PhaseReported event = new RunListener.PhaseReported(
                    test, phase.name(), phase.model(), phase.failingBreaches().isEmpty(), summary);
            each(l -> l.phaseReported(event));
        }
    }

    /** One resource-state sample of a Formae command; cheap when no listener watches. */
    public static void formaeSample(String stack, String commandId, StateSample sample) {
        if (!ACTIVE) {
            return;
        }
        RunListener.FormaeSample event = new RunListener.FormaeSample(stack, commandId, sample);
        each(l -> l.formaeSample(event));
    }

    private static String test(String label, String phase) {
        String suffix = "/" + phase;
        return label.endsWith(suffix) ? label.substring(0, label.length() - suffix.length()) : "";
    }

    private static PhaseSpec spec(PhasePlan plan, Behaviour behaviour) {
        String description = behaviour.type().getSimpleName() + " (" + behaviour.describeTasks() + ")";
        Duration duration = plan.duration();
        return plan.model() == LoadModel.CLOSED
                ? PhaseSpec.closed(plan.users(), plan.spawnRate(), duration, description)
                : PhaseSpec.open(plan.arrivalRate(), duration, description);
    }

    private static RunListener.Percentiles percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new RunListener.Percentiles(0, 0, 0);
        }
        return new RunListener.Percentiles(
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6, h.getValueAtPercentile(99) / 1e6);
    }

    private static void each(java.util.function.Consumer<RunListener> call) {
        for (RunListener listener : LISTENERS) {
            try {
                call.accept(listener);
            } catch (RuntimeException | LinkageError e) {
                if (FAILED.add(listener.getClass())) {
                    System.out.println(
                            "[load] RunListener " + listener.getClass().getName() + " failed and is"
                                    + " ignored for this event (further failures are not printed): " + e);
                }
            }
        }
    }
}

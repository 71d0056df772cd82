package dev.infraperf.load;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.reports.model.Breach;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.MultipleFailuresError;

/**
 * Runs the {@link LoadPhase}s of a test method before it (so their results can be injected), then fails the test with
 * one {@link MultipleFailuresError} holding every threshold breach at or above {@code failOn}. Registered by the annotations.
 */
final class LoadPhaseExtension implements BeforeEachCallback, AfterTestExecutionCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LoadPhaseExtension.class);
    private static final String RESULT = "result";

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        List<LoadPhase> phases = AnnotationSupport.findRepeatableAnnotations(method, LoadPhase.class);
        if (phases.isEmpty()) {
            phases = AnnotationSupport.findRepeatableAnnotations(testClass, LoadPhase.class);
        }
        if (phases.isEmpty()) {
            return;
        }
        PerfConfig config = PerfConfig.fromJUnit(context);
        Thresholds thresholds = AnnotationSupport.findAnnotation(method, Thresholds.class)
                .or(() -> AnnotationSupport.findAnnotation(testClass, Thresholds.class))
                .orElse(null);
        List<PhaseAnnotations.Setup> setups = PhaseAnnotations.parse(phases, thresholds, config);

        TargetEndpoint endpoint = TargetResolution.resolve(context, config);
        ResolvedTarget target = endpoint.target();
        target.resolutions().forEach(line -> System.out.println("[load] " + line));
        LoadReports.resolutions(context, target);

        boolean showProgress = config.getBoolean(LoadPhase.PROGRESS_KEY, true);
        List<PhaseResult> results = new ArrayList<>();
        for (PhaseAnnotations.Setup setup : setups) {
            String label = testClass.getSimpleName() + "/" + setup.plan().name();
            Consumer<String> progress = showProgress ? System.out::println : null;
            results.add(LoadReports.step(
                    context,
                    setup.plan().name(),
                    () -> PhaseDispatchers.runAndJudge(
                            setup.plan(),
                            target.uri(),
                            endpoint.trust(),
                            setup.thresholds(),
                            progress,
                            label,
                            config)));
        }
        LoadResult result = new LoadResult(results, Bottlenecks.find(results), config.timeScale(), target);
        System.out.println("[load] verdicts of " + testClass.getSimpleName() + "." + method.getName() + ":"
                + System.lineSeparator() + result.verdictTable());
        context.getStore(NAMESPACE).put(RESULT, result);
        LoadReports.publish(context, result);
        RunListeners.phasesReported(context, result);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        LoadResult result = context.getStore(NAMESPACE).get(RESULT, LoadResult.class);
        if (result == null) {
            return;
        }
        breaches(result, context.getDisplayName()).ifPresent(error -> {
            throw error;
        });
    }

    /**
     * All failing breaches of all phases as one {@link MultipleFailuresError} (what {@code assertAll} throws, which
     * IDEs list item by item), one {@link AssertionError} per breach; empty when there are none.
     */
    static Optional<MultipleFailuresError> breaches(LoadResult result, String testName) {
        List<AssertionError> failures = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        for (PhaseResult phase : result.phases()) {
            List<Breach> failing = phase.failingBreaches();
            if (failing.isEmpty()) {
                continue;
            }
            phases.add("\"" + phase.name() + "\" (" + phase.model().spec().describe() + ")");
            for (Breach b : failing) {
                failures.add(new AssertionError(b.message()));
            }
        }
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        String heading = "Load thresholds breached in " + phases.size() + (phases.size() == 1 ? " phase" : " phases")
                + " of " + testName + ": " + String.join(", ", phases);
        return Optional.of(new MultipleFailuresError(heading, failures));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LoadResult.class || type == PhaseResult.class || type == ResolvedTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        LoadResult result = context.getStore(NAMESPACE).get(RESULT, LoadResult.class);
        if (result == null) {
            throw new ParameterResolutionException("no @LoadPhase ran for " + context.getDisplayName()
                    + "; annotate the test method or class with @LoadPhase to inject " + type.getSimpleName());
        }
        if (type == ResolvedTarget.class) {
            return result.target();
        }
        if (type == LoadResult.class) {
            return result;
        }
        if (result.phases().size() != 1) {
            throw new ParameterResolutionException(result.phases().size() + " phases ran for "
                    + context.getDisplayName() + "; inject LoadResult and use result.phase(\"name\") instead of"
                    + " PhaseResult");
        }
        return result.phases().get(0);
    }

    static Optional<LoadResult> resultOf(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(RESULT, LoadResult.class));
    }
}

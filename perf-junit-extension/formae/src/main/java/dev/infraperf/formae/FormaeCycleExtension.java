package dev.infraperf.formae;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.DurationParser;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.environment.GeneratedEnvironments;
import dev.infraperf.report.RunReport;
import dev.infraperf.reports.model.CycleResult;
import dev.infraperf.reports.model.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link FormaeCycle}: one {@link FormaeSession} per test, torn down after it. */
final class FormaeCycleExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FormaeCycleExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        session(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FormaeSession session = context.getStore(NAMESPACE).remove(FormaeSession.class, FormaeSession.class);
        if (session == null) {
            return;
        }
        try {
            session.close();
        } finally {
            if (find(context).map(FormaeCycle::report).orElse(false)) {
                report(context, session);
            }
            List<String> errors = session.agentErrorLines();
            if (!errors.isEmpty()) {
                context.publishReportEntry(
                        "formae.log ERR lines", String.join("\n", errors.subList(0, Math.min(50, errors.size()))));
            }
            if (!session.notes().isEmpty()) {
                context.publishReportEntry("formae.notes", String.join("\n", session.notes()));
            }
        }
    }

    private static void report(ExtensionContext context, FormaeSession session) {
        RunReport report = RunReport.of(context);
        report.resolution(session.agentResolution());
        report.resolution(session.cloudResolution());
        String cycleName =
                session.environment().envId() + "-" + session.environment().totalResources();
        CycleResult cycle = session.toCycleResult(cycleName);
        // The history's duration is the cycle's: submit of the first command to the final state of the last.
        RunResult.Builder run =
                report.newRun(RunReport.runName(context)).cycle(cycle).elapsed(cycle.duration());
        session.checkOutcomes().forEach(run::check);
        context.getExecutionException().ifPresent(e -> run.notes("failed: " + e.getMessage()));
        report.write(run.build());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == FormaeSession.class || type == CloudAudit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        FormaeSession session = session(extension);
        return parameter.getParameter().getType() == CloudAudit.class ? session.cloud() : session;
    }

    private static FormaeSession session(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(FormaeSession.class, k -> start(context), FormaeSession.class);
    }

    private static FormaeSession start(ExtensionContext context) {
        FormaeCycle cycle = find(context)
                .orElseThrow(() -> new ConfigurationException("no @FormaeCycle on " + context.getDisplayName()));
        String where = "@FormaeCycle on " + context.getRequiredTestMethod().getName();
        Duration await = DurationParser.parse(cycle.awaitTimeout(), where + " awaitTimeout");
        PerfConfig config = PerfConfig.fromJUnit(context);
        CycleEnvironment environment = CycleEnvironment.of(GeneratedEnvironments.forContext(context));
        Path workDir = Path.of("target", "formae-cycles", environment.envId()).toAbsolutePath();
        FormaeSession session = FormaeSession.builder()
                .environment(environment)
                .config(config)
                .workDir(workDir)
                .annotatedBy(context.getRequiredTestMethod(), context.getRequiredTestClass())
                .awaitTimeout(await)
                .start();
        if (cycle.expectAbnormalTermination()) {
            session.expectAbnormalTermination();
        }
        context.publishReportEntry("formae.agent", session.agentResolution());
        context.publishReportEntry("formae.cloud", session.cloudResolution());
        return session;
    }

    private static Optional<FormaeCycle> find(ExtensionContext context) {
        Optional<FormaeCycle> onMethod =
                context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, FormaeCycle.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<FormaeCycle> onClass =
                    c.getTestClass().flatMap(k -> AnnotationSupport.findAnnotation(k, FormaeCycle.class));
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }
}

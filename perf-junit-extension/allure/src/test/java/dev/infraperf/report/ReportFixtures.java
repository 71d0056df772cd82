package dev.infraperf.report;

import dev.infraperf.reports.model.CheckOutcome;
import dev.infraperf.reports.model.CheckStatus;
import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.Level;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import dev.infraperf.reports.model.Verdict;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** A fixture scenario reported through {@link RunReport}, and a launcher that records it with Allure. */
final class ReportFixtures {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String PASSWORD = "s3cr3t-Pa55";

    private ReportFixtures() {}

    /**
     * Runs {@link ThroughputScenario} with the Allure listener writing to {@code allureResults} and
     * the run directories under {@code resultsRoot}.
     */
    static TestExecutionSummary run(Class<?> scenario, Path resultsRoot, Path allureResults) {
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(allureResults));
        String previousDir = System.getProperty("allure.results.directory");
        Allure.setLifecycle(lifecycle);
        System.setProperty("allure.results.directory", allureResults.toString());
        try {
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false)
                    .addTestExecutionListeners(new AllureJunitPlatform(lifecycle))
                    .build());
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(
                    LauncherDiscoveryRequestBuilder.request()
                            .selectors(DiscoverySelectors.selectClass(scenario))
                            .configurationParameter("perf.results.dir", resultsRoot.toString())
                            // not 0.02: under -Dperf.config.isolated a parameter equal to the -D value (the README
                            // smoke run's 0.02) is ignored
                            .configurationParameter("perf.timeScale", "0.025")
                            .build(),
                    summary);
            return summary.getSummary();
        } finally {
            Allure.setLifecycle(previous);
            if (previousDir == null) {
                System.clearProperty("allure.results.directory");
            } else {
                System.setProperty("allure.results.directory", previousDir);
            }
        }
    }

    /** A closed-model phase of 12 intervals of 5 s at 20 req/s, latencies around {@code medianMs}. */
    static PhaseResult phase(String name, Instant start, double medianMs) {
        Random random = new Random(42);
        Histogram total = new Histogram(60_000_000_000L, 3);
        PhaseResult.Builder b =
                PhaseResult.builder(name, PhaseSpec.closed(5, 1, Duration.ofSeconds(60), "throughput"), start);
        for (int i = 0; i < 12; i++) {
            Histogram h = new Histogram(60_000_000_000L, 3);
            for (int r = 0; r < 100; r++) {
                h.recordValue((long) (medianMs * 1_000_000 * Math.exp(0.4 * random.nextGaussian())));
            }
            total.add(h);
            Duration offset = Duration.ofSeconds(5L * i);
            b.interval(IntervalStats.of(offset, Duration.ofSeconds(5), 5, 100, 0, LatencySummary.of(h, true, false)));
            b.histogram(IntervalHistogram.of(IntervalHistogram.CORRECTED, offset, Duration.ofSeconds(5), h));
        }
        RequestCounts counts = new RequestCounts(1200, 1200, 0, 0, 0);
        LatencySummary l = LatencySummary.of(total, true);
        double p50 = LatencySummary.millis(l.p50Nanos());
        return b.elapsed(Duration.ofSeconds(60))
                .counts(counts)
                .latency(LatencySummary.of(total, false), l)
                .endpoint(new EndpointStats("/webhook", "POST", counts, l, l, 256))
                .verdict(new Verdict(
                        "P50 latency",
                        p50,
                        "ms",
                        p50 < 100 ? Level.GOOD : Level.WARNING,
                        "Good < 100 ms, Warning 100-500 ms, Critical > 500 ms"))
                .verdict(
                        new Verdict("Success rate", 100, "%", Level.GOOD, "Good > 99%, Warning 95-99%, Critical < 95%"))
                .verdict(new Verdict(
                        "Throughput", 20, "req/s", Level.GOOD, "Stable / Fluctuating / Declining", "Stable"))
                .build();
    }

    /** Hands the test its {@link ExtensionContext}, as the load engine's extensions have it. */
    static final class ContextParameter implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == ExtensionContext.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c;
        }
    }

    /** What a load scenario does with its report: steps, attachments, a run written at the end. */
    @ExtendWith(ContextParameter.class)
    static class ThroughputScenario {
        static ExtensionContext classContext;

        @Test
        void throughput_baseline(ExtensionContext context) {
            RunReport report = RunReport.of(context);
            report.resolution("TerraFix: mock-terrafix started on 127.0.0.1:41234 (no perf.terrafix.url)");
            report.resolution("Redis: redis-server 7.0.15 started on 127.0.0.1:41235 (no REDIS_URL, no Docker)");
            PhaseResult phase =
                    report.step("phase throughput_baseline", () -> phase("throughput_baseline", Instant.now(), 40));
            report.step(
                    "apply 200 resources",
                    () -> report.attachJson(
                            "command status",
                            "{\"CommandId\":\"2kQ1\",\"State\":\"Success\",\"password\":\"" + PASSWORD + "\"}"));
            report.attachErrLines(
                    "agent log",
                    "INFO started\nERR AMI not found for key " + ACCESS_KEY + "\nINFO done\n2026 ERROR throttled\n");
            report.write(report.newRun()
                    .phase(phase)
                    .check(new CheckOutcome(
                            "no-orphans",
                            "Destroy leaves no orphan in the cloud",
                            OptionalInt.of(7),
                            Optional.of("https://github.com/platform-engineering-labs/formae/issues/7"),
                            CheckStatus.PASSED,
                            ""))
                    .config("perf.aws.secretAccessKey", PASSWORD)
                    .build());
            classContext = context;
        }

        @AfterAll
        static void audit(ExtensionContext context) {
            RunReport.of(context).step("audit cloud after destroy", () -> RunReport.of(context)
                    .attachText("audit", "0 resources left"));
        }
    }
}

package dev.infraperf.report;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.reports.RegressionTolerance;
import dev.infraperf.reports.ReportWriter;
import dev.infraperf.reports.RunComparison;
import dev.infraperf.reports.SecretMask;
import dev.infraperf.reports.WrittenReport;
import dev.infraperf.reports.model.CheckOutcome;
import dev.infraperf.reports.model.CheckStatus;
import dev.infraperf.reports.model.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * The report of one test class: its run directory, its Allure steps and attachments, and the
 * {@code environment.properties} it contributes. The load engine and the Formae extension call it;
 * test authors rarely need to.
 *
 * <pre>{@code
 * RunReport report = RunReport.of(context);          // one per test class, from any of its contexts
 * report.resolution(redis.reason());                 // "Redis: redis-server 7.0.15 started on ..."
 * report.step("phase throughput_baseline", () -> engine.run(phase));
 * report.step("apply 200 resources", () -> formae.apply(forma));
 * report.attachJson("command status " + id, statusJson);
 * report.attachErrLines("agent log", agentLog);      // only the ERR lines, masked
 * WrittenReport written = report.write(report.newRun().phase(result).build());
 * }</pre>
 *
 * <p><b>Steps and attachments</b> go to the running Allure test. Outside a test (in {@code beforeAll}
 * / {@code afterAll} callbacks, where Allure has none) they go to a "&lt;class&gt; - run report" test
 * case that is written when the class finishes. Every text is masked ({@link SecretMask}).
 *
 * <p><b>Run directory</b>: {@code <perf.results.dir>/<run-id>/} (default {@code
 * target/perf-results}); the run id is {@code yyyyMMdd-HHmmss-<TestClass>} (UTC, class start) for
 * {@link #newRun()}, and {@code yyyyMMdd-HHmmss-<TestClass>-<name>} for {@link #newRun(String)},
 * which the load and Formae extensions call once per test method (name: the method). A name longer
 * than {@value RunResult#MAX_NAME} characters is cut at a word boundary and gets a hash ({@link
 * RunResult#safeName(String)}), never cut mid-word. The history is {@code perf.history.file} (default
 * {@code <perf.results.dir>/history.jsonl}); regressions against the previous run of the same test
 * are flagged with the tolerance {@value RegressionTolerance#P99_KEY} (percent, default 20) and
 * {@value RegressionTolerance#SUCCESS_KEY} (points, default 1), and fail the test only when
 * {@value #FAIL_ON_REGRESSION} is {@code true}.
 *
 * <p>Thread-safe: phases may report from several threads.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RunReport {
    /** Fail the test with an {@link AssertionError} when a regression is flagged (default false). */
    public static final String FAIL_ON_REGRESSION = "perf.regression.fail";

    /** Allure label values used for {@link #epic(String)}. */
    public static final String EPIC_FORMAE = "Formae";

    public static final String EPIC_TERRAFIX = "TerraFix";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunReport.class);
    private static final Pattern ERR_LINE = Pattern.compile("(?i)(\\bERR(OR)?\\b|level=err|\"level\":\\s*\"err)");

    private final PerfConfig config;
    private final String className;
    private final String simpleName;
    private final String runId;
    private final Instant startedAt;
    private final Path resultsRoot;
    private final StepSink allure;
    private final List<String> resolutions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private volatile boolean stepFailed;
    private volatile boolean labelled;

    private RunReport(PerfConfig config, Class<?> testClass, String displayName, Instant startedAt) {
        this.config = config;
        this.className = testClass.getName();
        this.simpleName = testClass.getSimpleName();
        this.startedAt = startedAt;
        this.runId = RunResult.newRunId(testClass.getSimpleName(), startedAt);
        this.resultsRoot = Paths.get(config.get(PerfConfig.RESULTS_DIR, ReportWriter.DEFAULT_RESULTS_DIR));
        this.allure = java.util.ServiceLoader.load(StepSink.Factory.class, RunReport.class.getClassLoader())
                .findFirst()
                .map(f -> f.create(className, testClass.getSimpleName()))
                .orElse(StepSink.NONE);
    }

    /**
     * The report of the test class of {@code context} (method, class or nested-class context),
     * created on first use and closed when the outermost class finishes.
     */
    public static RunReport of(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent()
                && classContext.getParent().get().getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext owner = classContext;
        Class<?> testClass = owner.getTestClass()
                .orElseThrow(() -> new IllegalArgumentException(
                        "RunReport.of needs a test class context, found " + context.getUniqueId()));
        return owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        Holder.class,
                        key -> new Holder(new RunReport(
                                PerfConfig.fromJUnit(owner), testClass, owner.getDisplayName(), Instant.now())),
                        Holder.class)
                .report;
    }

    /** The run id of this class, e.g. {@code 20261122-183012-ThroughputScenario}. */
    public String runId() {
        return runId;
    }

    /** {@code perf.results.dir}: the root of the run directories. */
    public Path resultsRoot() {
        return resultsRoot;
    }

    /** The run directory of {@link #newRun()}. */
    public Path directory() {
        return resultsRoot.resolve(runId);
    }

    /** The configuration the report was created with. */
    public PerfConfig config() {
        return config;
    }

    /** Records a part-resolution line ("Redis: ... started on ..."): shown in every report of this class. */
    public void resolution(String line) {
        synchronized (resolutions) {
            if (!resolutions.contains(line)) {
                resolutions.add(line);
            }
        }
    }

    /** The resolution lines recorded so far. */
    public List<String> resolutions() {
        synchronized (resolutions) {
            return List.copyOf(resolutions);
        }
    }

    /**
     * A run builder with this class's run id, the class name as test name, the start time, the
     * effective configuration and scales, the resolution lines and the git commit filled in.
     */
    public RunResult.Builder newRun() {
        return prefilled(runId, simpleName);
    }

    /** As {@link #newRun()} for one of several runs of the class: run id and test name get {@code -name}. */
    public RunResult.Builder newRun(String name) {
        return prefilled(runId + "-" + RunResult.safeName(name), simpleName + "." + name);
    }

    /**
     * The name {@link #newRun(String)} gets for the current test: its method name, plus the invocation's display
     * name for a parameterized or repeated test ({@code applies [2] 750}), so each invocation has its own run
     * directory and history entry.
     */
    public static String runName(ExtensionContext context) {
        String method = context.getRequiredTestMethod().getName();
        return context.getUniqueId().contains("-invocation:") ? method + " " + context.getDisplayName() : method;
    }

    private RunResult.Builder prefilled(String id, String testName) {
        RunResult.Builder b = RunResult.builder(id, testName, startedAt)
                .elapsed(java.time.Duration.between(startedAt, Instant.now()))
                .config(config.effectiveValues())
                .scales(config.timeScale(), config.resourceScale());
        GitCommit.current().ifPresent(b::gitCommit);
        resolutions().forEach(b::resolution);
        return b;
    }

    /** Runs {@code body} as an Allure step named {@code name} (a phase, apply, watch, destroy, audit). */
    public void step(String name, Executable body) {
        step(name, () -> {
            body.execute();
            return null;
        });
    }

    /** Runs {@code body} as an Allure step and returns its value; its exception propagates unchanged. */
    public <T> T step(String name, ThrowingSupplier<T> body) {
        try {
            return allure.step(name, body);
        } catch (Throwable t) {
            stepFailed = true;
            throw t;
        }
    }

    /** Attaches a file (type from its extension: png, csv, json, html, txt, hlog). Text is masked. */
    public void attachFile(String name, Path file) {
        String fileName = file.getFileName().toString();
        String ext = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : "txt";
        String mime =
                switch (ext.toLowerCase(Locale.ROOT)) {
                    case "png" -> "image/png";
                    case "csv" -> "text/csv";
                    case "json" -> "application/json";
                    case "html" -> "text/html";
                    default -> "text/plain";
                };
        try {
            if (mime.equals("image/png")) {
                allure.attach(name, mime, ext, Files.readAllBytes(file));
            } else {
                allure.attachText(name, mime, ext, Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach " + file, e);
        }
    }

    /** Attaches plain text, masked. */
    public void attachText(String name, String text) {
        allure.attachText(name, "text/plain", "txt", text);
    }

    /** Attaches JSON (e.g. a Formae command status), masked. */
    public void attachJson(String name, String json) {
        allure.attachText(name, "application/json", "json", json);
    }

    /**
     * Attaches the ERR / ERROR lines of an agent log (masked) and returns them, e.g. for {@code
     * CommandOutcome.errorLines}. Nothing is attached when there are none.
     */
    public List<String> attachErrLines(String name, String log) {
        List<String> lines = log.lines()
                .filter(l -> ERR_LINE.matcher(l).find())
                .map(SecretMask::mask)
                .collect(Collectors.toList());
        if (!lines.isEmpty()) {
            allure.attachText(
                    name + " (" + lines.size() + " ERR lines)", "text/plain", "txt", String.join("\n", lines));
        }
        return List.copyOf(lines);
    }

    /** Sets the Allure epic: {@link #EPIC_FORMAE} or {@link #EPIC_TERRAFIX} (or another product). */
    public void epic(String value) {
        labelled = true;
        allure.label("epic", value);
    }

    /** Sets the Allure feature (default {@code experiment}). */
    public void feature(String value) {
        allure.label("feature", value);
    }

    /** Sets the Allure severity: blocker, critical, normal, minor or trivial. */
    public void severity(String value) {
        allure.label("severity", value);
    }

    /** Adds a regression check's bug link (Allure "issue" link) and a {@code bug-N} tag. */
    public void link(CheckOutcome check) {
        check.link()
                .ifPresent(url -> allure.link(
                        check.bugNumber().isPresent()
                                ? "Bug " + check.bugNumber().getAsInt()
                                : check.displayName(),
                        "issue",
                        url));
        if (check.bugNumber().isPresent()) {
            allure.label("tag", "bug-" + check.bugNumber().getAsInt());
        }
    }

    /**
     * Writes the run directory of {@code run} (CSVs, HdrHistogram logs, JSON, HTML, charts, history),
     * attaches the summary, charts and CSVs to Allure, labels the test, and adds its versions and
     * resolution lines to {@code environment.properties}. Fails with an {@link AssertionError} on a
     * regression only when {@value #FAIL_ON_REGRESSION} is true.
     */
    public WrittenReport write(RunResult run) {
        if (!labelled) {
            epic(run.cycles().isEmpty() && run.checks().isEmpty() ? EPIC_TERRAFIX : EPIC_FORMAE);
        }
        feature("experiment");
        severity(run.checks().isEmpty() ? "normal" : "critical");
        run.checks().forEach(this::link);
        WrittenReport written = step("report " + run.runId(), () -> {
            WrittenReport w = writer().write(run);
            attachFile("experiment_summary.html", w.summaryHtml());
            attachFile("experiment_summary.json", w.summaryJson());
            for (Path chart : w.charts()) {
                attachFile(chart.getFileName().toString(), chart);
            }
            for (Path csv : w.csvFiles()) {
                attachFile(csv.getFileName().toString(), csv);
            }
            w.comparison()
                    .filter(RunComparison::hasRegressions)
                    .ifPresent(c -> attachText(
                            "regressions against " + c.previousRunId(),
                            c.regressions().stream().map(r -> r.message()).collect(Collectors.joining("\n"))));
            return w;
        });
        recordEnvironment(run, written);
        Optional<RunComparison> regressed = written.comparison().filter(RunComparison::hasRegressions);
        if (regressed.isPresent() && config.getBoolean(FAIL_ON_REGRESSION, false)) {
            throw new AssertionError(
                    regressed.get().regressions().stream().map(r -> r.message()).collect(Collectors.joining("\n")));
        }
        return written;
    }

    ReportWriter writer() {
        RegressionTolerance tolerance = new RegressionTolerance(
                config.getDouble(RegressionTolerance.P99_KEY, RegressionTolerance.DEFAULT.p99IncreasePercent()),
                config.getDouble(RegressionTolerance.SUCCESS_KEY, RegressionTolerance.DEFAULT.successDropPoints()));
        Path history = Paths.get(config.get(
                PerfConfig.HISTORY_FILE,
                resultsRoot.resolve(ReportWriter.DEFAULT_HISTORY_FILE).toString()));
        return ReportWriter.into(resultsRoot).history(history).tolerance(tolerance);
    }

    private void recordEnvironment(RunResult run, WrittenReport written) {
        synchronized (environment) {
            environment.put("java.version", System.getProperty("java.version"));
            environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            environment.put("infra-perf.version", version());
            environment.put("perf.timeScale", Double.toString(run.timeScale()));
            environment.put("perf.resourceScale", Double.toString(run.resourceScale()));
            run.gitCommit().ifPresent(c -> environment.put("git.commit", c));
            environment.put(
                    "results." + simpleName,
                    written.directory().toAbsolutePath().toString());
            List<String> lines = run.resolutions();
            for (String line : lines) {
                int colon = line.indexOf(':');
                String part = colon > 0 ? line.substring(0, colon).strip().replaceAll("\\s+", "_") : "part";
                environment.put(
                        "part." + part, colon > 0 ? line.substring(colon + 1).strip() : line);
            }
        }
    }

    private static String version() {
        String v = RunReport.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** Writes environment.properties and the run-report test case (if one was opened). */
    void close() {
        try {
            writeEnvironment();
        } finally {
            allure.close(stepFailed);
        }
    }

    private void writeEnvironment() {
        Map<String, String> values;
        synchronized (environment) {
            values = new LinkedHashMap<>(environment);
        }
        for (String line : resolutions()) {
            int colon = line.indexOf(':');
            String part = colon > 0 ? line.substring(0, colon).strip().replaceAll("\\s+", "_") : "part";
            values.putIfAbsent(
                    "part." + part, colon > 0 ? line.substring(colon + 1).strip() : line);
        }
        if (!values.isEmpty()) {
            allure.environment(values);
        }
    }

    /** Closes the report when the class finishes (JUnit closes AutoCloseable store values). */
    private static final class Holder implements AutoCloseable {
        final RunReport report;

        Holder(RunReport report) {
            this.report = report;
        }

        @Override
        public void close() {
            report.close();
        }
    }

    /** Only for {@link CheckStatus}-aware callers: whether any check of {@code run} failed. */
    static boolean anyCheckFailed(RunResult run) {
        return run.checks().stream().anyMatch(c -> c.status() == CheckStatus.FAILED);
    }
}

package dev.infraperf.reports.cli;

import dev.infraperf.reports.RegressionTolerance;
import dev.infraperf.reports.ReportWriter;
import dev.infraperf.reports.RunComparison;
import dev.infraperf.reports.WrittenReport;
import dev.infraperf.reports.model.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The reports command line: {@code java -jar reports/target/reports.jar render <run-dir>} re-renders
 * the HTML, CSVs and charts of a run directory from its JSON and histogram logs; {@code compare
 * <run-a> <run-b>} compares two runs and exits 1 when b regressed against a.
 */
@Command(
        name = "reports",
        mixinStandardHelpOptions = true,
        version = "infra-perf reports 0.1.0",
        description = "Renders and compares infra-perf run directories.",
        subcommands = {ReportsCommand.Render.class, ReportsCommand.Compare.class})
public final class ReportsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ReportsCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "render", description = "Re-renders experiment_summary.html, CSVs and charts of a run directory.")
    static final class Render implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "<run-dir>", description = "a directory holding experiment_summary.json")
        Path runDir;

        @Option(
                names = "--history",
                paramLabel = "<file>",
                description = "history file for the Test Iterations table (default: <run-dir>/../history.jsonl)")
        Path history;

        @Option(names = "--p99-tolerance", defaultValue = "20", description = "allowed p99 increase in %")
        double p99Tolerance;

        @Option(names = "--success-tolerance", defaultValue = "1", description = "allowed success drop in points")
        double successTolerance;

        @Override
        public Integer call() {
            Path h = history != null
                    ? history
                    : runDir.toAbsolutePath().getParent().resolve(ReportWriter.DEFAULT_HISTORY_FILE);
            WrittenReport report = ReportWriter.rerender(
                    runDir, Optional.of(h), new RegressionTolerance(p99Tolerance, successTolerance));
            PrintWriter out = spec.commandLine().getOut();
            out.println("rendered " + report.summaryHtml());
            report.charts().forEach(c -> out.println("chart " + c));
            report.comparison().ifPresent(c -> c.regressions().forEach(r -> out.println("REGRESSION" + r.message())));
            return 0;
        }
    }

    @Command(name = "compare", description = "Compares run b with run a; exits 1 when b regressed.")
    static final class Compare implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<run-a>", description = "the earlier (baseline) run directory")
        Path a;

        @Parameters(index = "1", paramLabel = "<run-b>", description = "the later run directory")
        Path b;

        @Option(names = "--p99-tolerance", defaultValue = "20", description = "allowed p99 increase in %")
        double p99Tolerance;

        @Option(names = "--success-tolerance", defaultValue = "1", description = "allowed success drop in points")
        double successTolerance;

        @Override
        public Integer call() {
            RunResult before = ReportWriter.read(a);
            RunResult after = ReportWriter.read(b);
            RunComparison c = RunComparison.of(before, after, new RegressionTolerance(p99Tolerance, successTolerance));
            PrintWriter out = spec.commandLine().getOut();
            out.println("comparing " + after.runId() + " (" + after.testName() + ") with " + before.runId() + " ("
                    + before.testName() + ")");
            c.lines().forEach(l -> out.println("  " + l));
            if (c.hasRegressions()) {
                c.regressions().forEach(r -> out.println("REGRESSION" + r.message()));
                return 1;
            }
            out.println("no regression beyond p99 +" + p99Tolerance + "%, success -" + successTolerance + " points");
            return 0;
        }
    }
}

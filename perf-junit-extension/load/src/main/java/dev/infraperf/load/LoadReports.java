package dev.infraperf.load;

import dev.infraperf.report.RunReport;
import dev.infraperf.reports.model.RunResult;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one place where the load engine hands its results to the reports ({@link RunReport}: run directory, Allure
 * steps and attachments, history): resolution lines, one Allure step per phase, and the {@link RunResult} of the test
 * method.
 */
final class LoadReports {
    private LoadReports() {}

    static void resolutions(ExtensionContext context, ResolvedTarget target) {
        RunReport report = RunReport.of(context);
        target.resolutions().forEach(report::resolution);
    }

    /** Runs a phase as an Allure step named after it. */
    static <T> T step(ExtensionContext context, String phase, Supplier<T> body) {
        return RunReport.of(context).step("phase " + phase, body::get);
    }

    static RunResult toRunResult(RunReport report, ExtensionContext context, LoadResult result) {
        RunResult.Builder builder = report.newRun(RunReport.runName(context));
        StringBuilder notes = new StringBuilder();
        for (PhaseResult p : result.phases()) {
            builder.phase(p.model());
            for (String note : p.notes()) {
                notes.append(notes.length() == 0 ? "" : "; ")
                        .append(p.name())
                        .append(": ")
                        .append(note);
            }
        }
        result.bottleneck().ifPresent(builder::bottleneck);
        builder.notes(notes.toString());
        return builder.build();
    }

    /** Writes the run directory and the Allure attachments of the test method's phases. */
    static void publish(ExtensionContext context, LoadResult result) {
        RunReport report = RunReport.of(context);
        report.write(toRunResult(report, context, result));
    }
}

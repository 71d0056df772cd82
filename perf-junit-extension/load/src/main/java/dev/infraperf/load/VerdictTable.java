package dev.infraperf.load;

import dev.infraperf.reports.model.Bottleneck;
import dev.infraperf.reports.model.Level;
import dev.infraperf.reports.model.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The guide's verdict table as plain text: one row per phase, each figure with its level. */
final class VerdictTable {
    private VerdictTable() {}

    static String render(List<PhaseResult> phases, Optional<Bottleneck> bottleneck, double timeScale) {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        int width = Math.max(
                8, phases.stream().mapToInt(p -> p.name().length()).max().orElse(0));
        String row = "%-" + width + "s %-22s %9s %9s %-20s %-20s %-20s %s%n";
        sb.append(String.format(
                Locale.ROOT, row, "phase", "load", "requests", "req/s", "P50", "P99", "success", "throughput"));
        for (PhaseResult p : phases) {
            String load = p.model().spec().model() == dev.infraperf.reports.model.LoadModel.CLOSED
                    ? p.model().spec().users() + " users"
                    : trim(p.model().spec().arrivalRate()) + " req/s target";
            sb.append(String.format(
                    Locale.ROOT,
                    row.replace("%9s %9s", "%9d %9.1f"),
                    p.name(),
                    load + ", " + Formats.duration(p.model().spec().duration()),
                    p.issued(),
                    p.throughput(),
                    cell(p, "P50 latency"),
                    cell(p, "P99 latency"),
                    cell(p, "Success rate"),
                    cell(p, "Throughput")));
        }
        if (timeScale != 1.0) {
            sb.append("durations scaled by perf.timeScale = ")
                    .append(trim(timeScale))
                    .append(nl);
        }
        sb.append(bottleneck
                .map(b -> "bottleneck: " + b.summary() + nl + "  " + String.join(nl + "  ", b.evidence()))
                .orElse("bottleneck: none identified (throughput kept growing with users, or too few phases)"));
        return sb.toString();
    }

    private static String cell(PhaseResult p, String metric) {
        for (Verdict v : p.verdicts()) {
            if (v.metric().equals(metric)) {
                if (v.level() == Level.NOT_JUDGED) {
                    // the value without the Good/Warning/Critical word: it was not judged
                    return v.value() == 0 || metric.equals("Throughput")
                            ? "Not judged"
                            : "Not judged (" + new Verdict(v.metric(), v.value(), v.unit(), v.level(), "").display()
                                    + ")";
                }
                if (metric.equals("Throughput")) {
                    String word = v.detail().isEmpty() ? "" : v.detail().split(" \\(")[0];
                    return word + " " + v.level().label();
                }
                return v.display() + " " + v.level().label();
            }
        }
        return "-";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

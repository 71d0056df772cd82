package dev.infraperf.reports;

import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.FailureKind;
import dev.infraperf.reports.model.FailureSample;
import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.RequestCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Writes a phase as Locust 2.x writes {@code --csv <prefix> --csv-full-history}: the same file names
 * and the same column names, response times in milliseconds, so tools that read Locust output read
 * ours. The stats file uses raw latencies (measured from the send, as Locust does); the history uses
 * each interval's latencies as the engine recorded them.
 */
final class LocustCsv {
    static final List<String> PERCENTILES =
            List.of("50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%");

    static final List<String> STATS_COLUMNS = columns(
            List.of(
                    "Type",
                    "Name",
                    "Request Count",
                    "Failure Count",
                    "Median Response Time",
                    "Average Response Time",
                    "Min Response Time",
                    "Max Response Time",
                    "Average Content Size",
                    "Requests/s",
                    "Failures/s"),
            PERCENTILES,
            List.of());

    static final List<String> HISTORY_COLUMNS = columns(
            List.of("Timestamp", "User Count", "Type", "Name", "Requests/s", "Failures/s"),
            PERCENTILES,
            List.of(
                    "Total Request Count",
                    "Total Failure Count",
                    "Total Median Response Time",
                    "Total Average Response Time",
                    "Total Min Response Time",
                    "Total Max Response Time",
                    "Total Average Content Size"));

    static final List<String> FAILURE_COLUMNS = List.of("Method", "Name", "Error", "Occurrences");

    private LocustCsv() {}

    static void write(PhaseResult phase, Path dir) {
        writeLines(dir.resolve(ReportFiles.statsCsv(phase)), stats(phase));
        writeLines(dir.resolve(ReportFiles.statsHistoryCsv(phase)), history(phase));
        writeLines(dir.resolve(ReportFiles.failuresCsv(phase)), failures(phase));
    }

    static List<String> stats(PhaseResult phase) {
        List<String> lines = new ArrayList<>();
        lines.add(row(STATS_COLUMNS));
        double seconds = phase.elapsed().toNanos() / 1e9;
        double contentTotal = 0;
        for (EndpointStats e : phase.endpoints()) {
            lines.add(statsRow(e.method(), e.name(), e.counts(), e.raw(), e.averageContentSizeBytes(), seconds));
            contentTotal += e.averageContentSizeBytes() * e.counts().issued();
        }
        double avgContent =
                phase.counts().issued() == 0 ? 0 : contentTotal / phase.counts().issued();
        lines.add(statsRow("", "Aggregated", phase.counts(), phase.raw(), avgContent, seconds));
        return lines;
    }

    private static String statsRow(
            String type, String name, RequestCounts counts, LatencySummary l, double content, double seconds) {
        List<String> cells = new ArrayList<>();
        cells.add(type);
        cells.add(SecretMask.mask(name));
        cells.add(Long.toString(counts.issued()));
        cells.add(Long.toString(counts.unsuccessful()));
        cells.add(ms(l.count(), l.p50Nanos()));
        cells.add(l.count() == 0 ? "0.0" : decimal(LatencySummary.millis(l.meanNanos())));
        cells.add(l.count() == 0 ? "0" : decimal(LatencySummary.millis(l.minNanos())));
        cells.add(l.count() == 0 ? "0" : decimal(LatencySummary.millis(l.maxNanos())));
        cells.add(decimal(content));
        cells.add(decimal(seconds == 0 ? 0 : counts.issued() / seconds));
        cells.add(decimal(seconds == 0 ? 0 : counts.unsuccessful() / seconds));
        cells.addAll(percentiles(l));
        return row(cells);
    }

    static List<String> history(PhaseResult phase) {
        List<String> lines = new ArrayList<>();
        lines.add(row(HISTORY_COLUMNS));
        String tag = phase.histograms().stream().anyMatch(h -> h.tag().equals(IntervalHistogram.CORRECTED))
                ? IntervalHistogram.CORRECTED
                : IntervalHistogram.RAW;
        Histogram cumulative = null;
        long totalRequests = 0;
        long totalFailures = 0;
        double weightedMean = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (IntervalStats i : phase.intervals()) {
            totalRequests += i.requests();
            totalFailures += i.failures();
            LatencySummary l = i.latency();
            if (l.count() > 0) {
                weightedMean += l.meanNanos() * l.count();
                min = Math.min(min, l.minNanos());
                max = Math.max(max, l.maxNanos());
            }
            for (IntervalHistogram h : phase.histograms()) {
                if (h.tag().equals(tag) && sameInterval(h.offset(), i.offset())) {
                    Histogram decoded = h.decode();
                    if (cumulative == null) {
                        cumulative = decoded;
                    } else {
                        cumulative.add(decoded);
                    }
                }
            }
            long latencyCount = cumulative != null ? cumulative.getTotalCount() : 0;
            long countSoFar = latencyCount > 0 ? latencyCount : totalRequests;
            List<String> cells = new ArrayList<>();
            long endSeconds =
                    phase.startedAt().plus(i.offset()).plus(i.length()).getEpochSecond();
            cells.add(Long.toString(endSeconds));
            cells.add(Integer.toString(i.users()));
            cells.add("");
            cells.add("Aggregated");
            cells.add(decimal(i.requestsPerSecond()));
            cells.add(decimal(i.failuresPerSecond()));
            cells.addAll(percentiles(l));
            cells.add(Long.toString(totalRequests));
            cells.add(Long.toString(totalFailures));
            if (cumulative != null && cumulative.getTotalCount() > 0) {
                cells.add(ms(1, cumulative.getValueAtPercentile(50)));
                cells.add(decimal(LatencySummary.millis(cumulative.getMean())));
                cells.add(decimal(LatencySummary.millis(cumulative.getMinValue())));
                cells.add(decimal(LatencySummary.millis(cumulative.getMaxValue())));
            } else if (countSoFar > 0 && max > 0) {
                // Without histograms the cumulative median is unknown; the interval's stands in.
                cells.add(ms(l.count(), l.p50Nanos()));
                cells.add(decimal(LatencySummary.millis(weightedMean / Math.max(1, countSoFar))));
                cells.add(decimal(LatencySummary.millis(min)));
                cells.add(decimal(LatencySummary.millis(max)));
            } else {
                cells.add("0");
                cells.add("0.0");
                cells.add("0");
                cells.add("0");
            }
            cells.add("0.0");
            lines.add(row(cells));
        }
        return lines;
    }

    /** Log timestamps keep milliseconds, so an interval read back from a log matches within 1 ms. */
    private static boolean sameInterval(java.time.Duration a, java.time.Duration b) {
        return Math.abs(a.toNanos() - b.toNanos()) <= 1_000_000;
    }

    static List<String> failures(PhaseResult phase) {
        List<String> lines = new ArrayList<>();
        lines.add(row(FAILURE_COLUMNS));
        for (FailureSample f : phase.failures()) {
            String error = f.message().isEmpty() ? describe(f.kind()) : f.message();
            if (f.kind() != FailureKind.FAILED && !f.message().isEmpty()) {
                error = describe(f.kind()) + ": " + f.message();
            }
            lines.add(row(List.of(
                    f.method(), SecretMask.mask(f.name()), SecretMask.mask(error), Long.toString(f.occurrences()))));
        }
        return lines;
    }

    private static String describe(FailureKind kind) {
        return switch (kind) {
            case FAILED -> "Failed";
            case TIMED_OUT -> "TimedOut";
            case DROPPED -> "Dropped";
        };
    }

    private static List<String> percentiles(LatencySummary l) {
        if (l.count() == 0) {
            return PERCENTILES.stream().map(p -> "N/A").toList();
        }
        long[] values = {
            l.p50Nanos(),
            l.p66Nanos(),
            l.p75Nanos(),
            l.p80Nanos(),
            l.p90Nanos(),
            l.p95Nanos(),
            l.p98Nanos(),
            l.p99Nanos(),
            l.p999Nanos(),
            l.p9999Nanos(),
            l.maxNanos()
        };
        List<String> out = new ArrayList<>();
        for (long v : values) {
            out.add(ms(1, v));
        }
        return out;
    }

    /** Whole milliseconds as Locust prints percentiles; 0 when there are no values. */
    private static String ms(long count, long nanos) {
        return count == 0 ? "0" : Long.toString(Math.round(LatencySummary.millis(nanos)));
    }

    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    private static List<String> columns(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return List.copyOf(all);
    }

    static String row(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        return sb.toString();
    }

    /** Quotes a cell as Python's csv module does with QUOTE_MINIMAL. */
    static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }

    private static void writeLines(Path file, List<String> lines) {
        try {
            Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

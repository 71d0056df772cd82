package dev.infraperf.reports;

import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.PhaseResult;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes and reads a phase's interval histograms as an HdrHistogram log ({@code <phase>.hlog}),
 * readable by HdrHistogram's {@code HistogramLogProcessor} and HdrHistogram plotters. Values are
 * nanoseconds; the max column of each line is in milliseconds (value unit ratio 1e6).
 */
final class HistogramLogs {
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private HistogramLogs() {}

    static void write(PhaseResult phase, Path file) {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8")) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            long startMillis = phase.startedAt().toEpochMilli();
            writer.outputComment("infra-perf phase " + ReportFiles.prefix(phase.name())
                    + ": interval histograms, values in nanoseconds, tags raw|corrected");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMillis);
            writer.setBaseTime(startMillis);
            writer.outputBaseTime(startMillis);
            writer.outputLegend();
            for (IntervalHistogram h : phase.histograms()) {
                Histogram histogram = h.decode();
                histogram.setTag(h.tag());
                double start = h.offset().toNanos() / 1e9;
                double end = h.offset().plus(h.length()).toNanos() / 1e9;
                writer.outputIntervalHistogram(start, end, histogram, NANOS_PER_MILLI);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The interval histograms of a log written by {@link #write}; offsets are relative to the phase start. */
    static List<IntervalHistogram> read(Path file) {
        List<IntervalHistogram> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (!(next instanceof Histogram histogram)) {
                    continue;
                }
                double base = reader.getStartTimeSec();
                long startMs = Math.round(histogram.getStartTimeStamp() - base * 1000);
                long endMs = Math.round(histogram.getEndTimeStamp() - base * 1000);
                String tag = histogram.getTag() == null ? IntervalHistogram.RAW : histogram.getTag();
                out.add(IntervalHistogram.of(
                        tag, Duration.ofMillis(startMs), Duration.ofMillis(Math.max(0, endMs - startMs)), histogram));
            }
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}

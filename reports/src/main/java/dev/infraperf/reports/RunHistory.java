package dev.infraperf.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.infraperf.reports.model.HistoryRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The run history kept across runs in {@code perf.history.file}: one JSON object per line (JSON
 * Lines), one line per run, appended at the end of each run. Lines that do not parse are skipped and
 * reported by {@link #problems()}, so one bad line never hides the rest.
 *
 * <p>Appending is a single write of one line; concurrent runs writing the same file may interleave
 * whole lines but each line stays intact on local file systems.
 */
public final class RunHistory {
    private final Path file;
    private final List<String> problems = new ArrayList<>();

    private RunHistory(Path file) {
        this.file = file;
    }

    /** The history kept in {@code file} (which need not exist yet). */
    public static RunHistory at(Path file) {
        return new RunHistory(file);
    }

    public Path file() {
        return file;
    }

    /** All rows, oldest first. */
    public List<HistoryRow> rows() {
        problems.clear();
        List<HistoryRow> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history file " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                rows.add(ReportJson.mapper().readValue(line, HistoryRow.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add(file + " line " + (i + 1) + " is not a history row: " + e.getMessage());
            }
        }
        rows.sort(Comparator.comparing(HistoryRow::date));
        return rows;
    }

    /** Lines skipped by the last {@link #rows()}, each naming the file and line. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Rows of one test, oldest first. */
    public List<HistoryRow> rowsOf(String test) {
        return rows().stream().filter(r -> r.test().equals(test)).toList();
    }

    /** The latest row of {@code test} other than run {@code runId} that started no later than it. */
    public Optional<HistoryRow> previous(HistoryRow current) {
        HistoryRow found = null;
        for (HistoryRow r : rowsOf(current.test())) {
            if (!r.runId().equals(current.runId()) && !r.date().isAfter(current.date())) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Appends a row unless a row of the same run id is already there (re-rendering never duplicates). */
    public boolean append(HistoryRow row) {
        if (!row.runId().isEmpty() && rows().stream().anyMatch(r -> r.runId().equals(row.runId()))) {
            return false;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String line = ReportJson.mapper()
                            .writer()
                            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(row)
                    + "\n";
            Files.writeString(
                    file,
                    SecretMask.mask(line),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to history file " + file, e);
        }
    }
}

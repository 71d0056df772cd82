package dev.infraperf.formae;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Scans an agent log ({@code formae.log}) for error lines, as the plan's {@code grep -i error} did. */
final class AgentLog {

    static final String ABNORMAL_TERMINATION = "terminated abnormally";
    private static final Pattern ERROR_LINE = Pattern.compile("(^|\\s)(ERR|ERROR)(\\s|:|$)");

    private AgentLog() {}

    static List<String> errorLines(Optional<Path> log) {
        if (log.isEmpty() || !Files.isRegularFile(log.get())) {
            return List.of();
        }
        try (var lines = Files.lines(log.get(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> ERROR_LINE.matcher(l).find()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(could not read " + log.get() + ": " + e.getMessage() + ")");
        }
    }

    static List<String> abnormalTerminations(List<String> errorLines) {
        return errorLines.stream().filter(l -> l.contains(ABNORMAL_TERMINATION)).toList();
    }
}

package dev.infraperf.formae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an agent log ({@code formae.log}): its error lines, as the plan's {@code grep -i error} did, and the
 * plugin operations the agent logged.
 *
 * <p>The real agent's file log colours its levels with ANSI escapes ({@code \e[91mERR\e[0m}), so lines are
 * matched with the escapes removed; 0.83.0 spells the crash line {@code terminated abnormaly}, 0.75.6 and
 * mock-formae {@code terminated abnormally}: both count.
 */
final class AgentLog {

    static final String ABNORMAL_TERMINATION = "terminated abnormally";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern ERROR_LINE = Pattern.compile("(^|\\s)(ERR|ERROR)(\\s|:|$)");
    private static final Pattern ABNORMAL = Pattern.compile("terminated abnormall?y");
    /** The agent's line for a plugin operation that succeeded, e.g. a create the plugin answered. */
    private static final Pattern PLUGIN_SUCCESS =
            Pattern.compile("Resource command successful.*?stackLabel=(\\S+).*?resourceLabel=(\\S+).*?command=(\\S+)");

    private AgentLog() {}

    /** {@code line} without ANSI colour escapes. */
    static String plain(String line) {
        return ANSI.matcher(line).replaceAll("");
    }

    static List<String> errorLines(Optional<Path> log) {
        if (log.isEmpty() || !Files.isRegularFile(log.get())) {
            return List.of();
        }
        try (var lines = Files.lines(log.get(), StandardCharsets.UTF_8)) {
            return errorLines(lines.toList());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(could not read " + log.get() + ": " + e.getMessage() + ")");
        }
    }

    /** The error lines of {@code lines}, without their colour escapes. */
    static List<String> errorLines(List<String> lines) {
        return lines.stream()
                .map(AgentLog::plain)
                .filter(l -> ERROR_LINE.matcher(l).find())
                .toList();
    }

    static List<String> abnormalTerminations(List<String> errorLines) {
        return errorLines.stream().filter(AgentLog::isAbnormalTermination).toList();
    }

    /** Whether {@code line} says an actor or the application terminated abnormally, in either spelling. */
    static boolean isAbnormalTermination(String line) {
        return ABNORMAL.matcher(plain(line)).find();
    }

    /**
     * How many times the agent logged a successful plugin {@code operation} (e.g. {@code create}) per resource
     * label of {@code stack}: more than one create for a label means the agent executed it again.
     */
    static Map<String, Integer> pluginOperations(List<String> lines, String stack, String operation) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String raw : lines) {
            Matcher m = PLUGIN_SUCCESS.matcher(plain(raw));
            if (m.find() && m.group(1).equals(stack) && m.group(3).equals(operation)) {
                counts.merge(m.group(2), 1, Integer::sum);
            }
        }
        return counts;
    }

    static List<String> lines(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("could not read the agent log " + log + ": " + e.getMessage(), e);
        }
    }
}

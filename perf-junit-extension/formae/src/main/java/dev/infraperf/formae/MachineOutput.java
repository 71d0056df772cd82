package dev.infraperf.formae;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code formae cancel}'s machine output in either schema: JSON ({@code {"CommandIds":[...]}})
 * or its default YAML ({@code CommandIds:} followed by {@code - id} items, or a flow list).
 */
final class MachineOutput {

    private MachineOutput() {}

    /**
     * The JSON document of a {@code --output-consumer machine} stdout and the lines around it. 0.75.6's first
     * logger writes to stdout, so a line like {@code DBG warn: received a message for an unknown request id} may
     * come before the JSON; such lines are kept as diagnostics, not parsed.
     *
     * @param json the JSON document (from its first line starting with an opening brace or bracket)
     * @param diagnostics every other non-blank line, in order
     */
    record Split(String json, List<String> diagnostics) {}

    static Split split(String stdout) {
        List<String> lines = List.of(stdout.split("\\R", -1));
        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("{") || l.startsWith("[")) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return new Split(stdout.strip(), List.of());
        }
        int last = first;
        for (int i = lines.size() - 1; i > first; i--) {
            String l = lines.get(i).strip();
            if (l.endsWith("}") || l.endsWith("]")) {
                last = i;
                break;
            }
        }
        List<String> diagnostics = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if ((i < first || i > last) && !lines.get(i).isBlank()) {
                diagnostics.add(lines.get(i).strip());
            }
        }
        return new Split(String.join("\n", lines.subList(first, last + 1)), List.copyOf(diagnostics));
    }

    static List<String> commandIds(String output) {
        String text = output.strip();
        Split split = split(text);
        if (split.json().startsWith("{")) {
            return StatusJson.commandIds(StatusJson.parse(split.json(), "formae cancel output"));
        }
        List<String> ids = new ArrayList<>();
        boolean inList = false;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("---")) {
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("commandids:")) {
                String rest = line.substring("commandids:".length()).strip();
                inList = rest.isEmpty();
                if (rest.startsWith("[")) {
                    for (String item : rest.substring(1, rest.lastIndexOf(']')).split(",")) {
                        if (!item.isBlank()) {
                            ids.add(unquote(item.strip()));
                        }
                    }
                }
            } else if (inList && line.startsWith("- ")) {
                ids.add(unquote(line.substring(2).strip()));
            } else if (!raw.startsWith(" ") && !line.startsWith("- ")) {
                inList = false;
            }
        }
        return ids;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}

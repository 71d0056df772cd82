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

    static List<String> commandIds(String output) {
        String text = output.strip();
        if (text.startsWith("{")) {
            return StatusJson.commandIds(StatusJson.parse(text, "formae cancel output"));
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

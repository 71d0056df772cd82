package dev.infraperf.load;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header lines of one answer, kept as the bytes that arrived ({@code name: value} lines separated by {@code \n})
 * and made into a map of lower-cased names only when a user reads a header. The engine itself reads the three headers
 * it needs from the bytes ({@link SocketTransport}), so an answer nobody inspects costs one array copy instead of a
 * string per line, name and value (measured: header strings were most of the socket client's allocation per request).
 */
final class HeaderBlock extends AbstractMap<String, String> {

    private final byte[] lines;
    private Map<String, String> parsed;

    HeaderBlock(byte[] lines) {
        this.lines = lines;
    }

    private Map<String, String> parsed() {
        Map<String, String> map = parsed;
        if (map == null) {
            map = new HashMap<>();
            int start = 0;
            while (start < lines.length) {
                int end = start;
                while (end < lines.length && lines[end] != '\n') {
                    end++;
                }
                String line = new String(lines, start, end - start, StandardCharsets.ISO_8859_1);
                int colon = line.indexOf(':');
                if (colon > 0) {
                    map.put(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
                start = end + 1;
            }
            parsed = map;
        }
        return map;
    }

    @Override
    public String get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    @Override
    public int size() {
        return parsed().size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return java.util.Collections.unmodifiableMap(parsed()).entrySet();
    }
}

package dev.infraperf.load;

import java.net.URI;
import java.util.List;

/**
 * The service a test's load phases run against, injectable into the test method.
 *
 * @param uri base URI, e.g. {@code http://127.0.0.1:41234}
 * @param resolutions how it was found, one line per part, e.g. {@code TerraFix: mock-terrafix started on
 *     http://127.0.0.1:41234 (no perf.terrafix.url)} and the Redis line
 */
public record LoadTarget(URI uri, List<String> resolutions) {
    public LoadTarget {
        resolutions = List.copyOf(resolutions);
    }
}

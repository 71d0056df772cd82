package dev.infraperf.load;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The service a test's load phases run against, injectable into the test method.
 *
 * @param name the target's name as the user gave it ({@link LoadTarget#name()}), or its host and port
 * @param uri base URI, e.g. {@code https://127.0.0.1:8443}
 * @param resolutions how it was found, one line per part, e.g. {@code orders-api: https://127.0.0.1:8443 from
 *     @LoadTarget on OrdersLoadTest}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResolvedTarget(String name, URI uri, List<String> resolutions) {
    public ResolvedTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        resolutions = List.copyOf(resolutions);
    }
}

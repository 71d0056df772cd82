package dev.infraperf.parts;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An external part (Redis, an AWS endpoint, an agent, a target service) as resolved for a run.
 *
 * @param part the part's name, e.g. {@code Redis}
 * @param value what tests use, e.g. its URI
 * @param reason one line for reports: which candidate was taken and why the earlier ones were not,
 *     e.g. {@code Redis: redis-server 7.0.15 started on 127.0.0.1:41234 (no REDIS_URL, no Docker)}
 * @param onClose stops what the resolution started; a no-op for parts that were already running
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record ResolvedPart<T>(String part, T value, String reason, AutoCloseable onClose) implements AutoCloseable {

    public ResolvedPart {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public void close() throws Exception {
        onClose.close();
    }
}

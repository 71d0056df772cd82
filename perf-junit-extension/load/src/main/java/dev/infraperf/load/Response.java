package dev.infraperf.load;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The answer to a {@link Request}, or the reason there was none. A request that failed to connect or timed out has
 * {@link #status()} 0 and an {@link #error()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Response {

    private final int status;
    private final byte[] body;
    private final Map<String, String> headers;
    private final String error;
    private final boolean succeeded;

    Response(int status, byte[] body, Map<String, String> headers, String error, boolean succeeded) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        this.headers = headers == null ? Map.of() : headers;
        this.error = error;
        this.succeeded = succeeded;
    }

    /** HTTP status code, 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The body decoded as UTF-8, empty when there was none. */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The raw body bytes (not a copy; do not modify). */
    public byte[] bodyBytes() {
        return body;
    }

    /** A response header, looked up case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Why the request failed, when it did: the status, the connection error, the timeout or the failed check. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Whether the request was counted as succeeded (expected status and all checks passed). */
    public boolean succeeded() {
        return succeeded;
    }

    @Override
    public String toString() {
        return succeeded ? "HTTP " + status : "HTTP " + status + " (" + error + ")";
    }
}

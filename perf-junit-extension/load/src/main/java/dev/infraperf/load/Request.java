package dev.infraperf.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * One HTTP request being built by a {@link VirtualUser}; {@link #send()} sends it, records its latency under its
 * name and classifies the outcome.
 *
 * <p>Outcomes: <b>succeeded</b> (an expected status, 2xx by default, and every {@link #check check} holds),
 * <b>failed</b> with a class: {@code status} (unexpected status), {@code connection} (connect or I/O error),
 * {@code validation} (a check did not hold), or <b>timed out</b> (no complete answer within the request timeout, or
 * cancelled because the phase ended). Not thread-safe: build and send on the user's thread.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Request {

    /** A condition a response must meet to count as succeeded. */
    record Check(String description, Predicate<Response> condition) {}

    private final UserSession session;
    final String method;
    final String path;
    String name;
    /** Name, value, name, value...; an empty immutable list until the first {@link #header} (most requests have none). */
    List<String> headers = List.of();

    byte[] body;
    int[] expectedStatuses;
    List<Check> checks = List.of();

    Request(UserSession session, String method, String path) {
        this.session = session;
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.name = path;
    }

    /** The name the request is reported under (Locust's {@code name=}); default the path. */
    public Request name(String requestName) {
        this.name = Objects.requireNonNull(requestName, "name");
        return this;
    }

    /** Adds a request header. */
    public Request header(String headerName, String value) {
        if (headers.isEmpty()) {
            headers = new ArrayList<>(4);
        }
        headers.add(Objects.requireNonNull(headerName, "header name"));
        headers.add(Objects.requireNonNull(value, "header value"));
        return this;
    }

    /** Sets the body and its content type. */
    public Request body(String contentType, byte[] content) {
        header("Content-Type", contentType);
        this.body = Objects.requireNonNull(content, "body");
        return this;
    }

    /** Sets a JSON body ({@code application/json}, UTF-8). */
    public Request json(String jsonText) {
        return body("application/json", jsonText.getBytes(StandardCharsets.UTF_8));
    }

    /** The statuses that count as success; default any 2xx. */
    public Request expectStatus(int... statuses) {
        this.expectedStatuses = statuses.clone();
        return this;
    }

    /**
     * Adds a condition the response must meet (after the status check); a response that fails it is counted as a
     * {@code validation} failure with {@code description} in its message.
     */
    public Request check(String description, Predicate<Response> condition) {
        if (checks.isEmpty()) {
            checks = new ArrayList<>(2);
        }
        checks.add(new Check(Objects.requireNonNull(description, "description"), condition));
        return this;
    }

    /**
     * Sends the request and waits for the answer. Never throws for an HTTP, connection or timeout failure: the
     * returned {@link Response} says what happened. When the phase has ended, the request is cancelled and the task
     * is stopped.
     */
    public Response send() {
        return session.send(this);
    }

    boolean statusExpected(int status) {
        if (expectedStatuses == null) {
            return status >= 200 && status < 300;
        }
        for (int s : expectedStatuses) {
            if (s == status) {
                return true;
            }
        }
        return false;
    }
}

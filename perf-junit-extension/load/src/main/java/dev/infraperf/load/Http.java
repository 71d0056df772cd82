package dev.infraperf.load;

import org.apiguardian.api.API;

/**
 * The HTTP client a {@link VirtualUser} sends its requests with. Paths are relative to the phase's target
 * ({@code /webhook}); every request is timed, counted and classified under its {@linkplain Request#name(String) name}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Http {

    /** A GET request to {@code path}. */
    Request get(String path);

    /** A POST request to {@code path}. */
    Request post(String path);

    /** A request with any method. */
    Request request(String method, String path);
}

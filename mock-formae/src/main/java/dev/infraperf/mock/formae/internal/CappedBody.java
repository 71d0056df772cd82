package dev.infraperf.mock.formae.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Reads a request body of at most {@code max} bytes: one whose {@code Content-Length} is above is refused before any
 * of it is read, a chunked one once {@code max} is passed.
 *
 * <p>Internal to mock-formae: the agent's API and the simulated cloud both use it; not an API.
 */
public final class CappedBody {

    private CappedBody() {}

    /**
     * The body; {@code tooLarge} makes the exception to throw from what was found (the declared length, or "more than
     * {@code max}").
     */
    public static byte[] read(HttpExchange exchange, long max, Function<String, RuntimeException> tooLarge)
            throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && declaredAbove(length.trim(), max)) {
            throw tooLarge.apply(length.trim());
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge.apply("more than " + max);
            }
            return bytes;
        }
    }

    private static boolean declaredAbove(String digits, long max) {
        try {
            return Long.parseLong(digits) > max;
        } catch (NumberFormatException e) {
            return false; // the JDK server refuses such a request before it reaches the handler
        }
    }
}

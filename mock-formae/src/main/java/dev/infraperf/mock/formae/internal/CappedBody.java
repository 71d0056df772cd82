package dev.infraperf.mock.formae.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Reads a request body of at most {@code max} bytes: one whose {@code Content-Length} is above is refused before any
 * of it is parsed, a chunked one once {@code max} is passed. A refused body is read and discarded up to {@link
 * #DISCARD_MAX} before the answer goes out: a server that closes a connection with request bytes unread resets it, and a
 * client still sending its body then loses the answer (the JDK's {@code HttpClient} saw no bytes at all, now and then:
 * a CI run's one post of a 1 MiB + 1 body). A body declared larger than that is refused unread.
 *
 * <p>Internal to mock-formae: the agent's API and the simulated cloud both use it; not an API.
 */
public final class CappedBody {

    /** How much of a refused body is read and thrown away so that its client receives the refusal. */
    private static final long DISCARD_MAX = 16L * 1024 * 1024;

    private CappedBody() {}

    /**
     * The body; {@code tooLarge} makes the exception to throw from what was found (the declared length, or "more than
     * {@code max}").
     */
    public static byte[] read(HttpExchange exchange, long max, Function<String, RuntimeException> tooLarge)
            throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared = length == null ? -1 : declared(length.trim());
        if (declared > max) {
            if (declared <= DISCARD_MAX) {
                discard(exchange.getRequestBody(), declared);
            }
            throw tooLarge.apply(length.trim());
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                discard(in, DISCARD_MAX);
                throw tooLarge.apply("more than " + max);
            }
            return bytes;
        }
    }

    /** Reads and drops up to {@code limit} bytes, to the end of the body; a client that went away ends it early. */
    private static void discard(InputStream in, long limit) {
        byte[] sink = new byte[64 * 1024];
        long left = limit;
        try {
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client is gone: nobody is left to answer
        }
    }

    /** The declared length, or -1 when it is not a number (the JDK server refuses such a request before a handler). */
    private static long declared(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package dev.infraperf.load;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Sends one HTTP exchange at a time for one virtual user. {@link #close()} may be called from another thread to cancel
 * an exchange in flight (the phase ended): the blocked call then fails with an {@link IOException}.
 */
interface Transport extends AutoCloseable {

    /** Status, lower-cased headers and body of one answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {}

    Answer exchange(String method, String path, List<String> headers, byte[] body, long timeoutNanos)
            throws IOException, InterruptedException;

    @Override
    void close();
}

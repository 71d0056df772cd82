package dev.infraperf.load;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.apiguardian.api.API;

/** What a {@link PhaseHook} can see and do in its phase. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PhaseContext {

    /** An action scheduled within the phase. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** The phase name. */
    String phaseName();

    /** Base URI of the target, e.g. {@code http://127.0.0.1:41234}. */
    URI target();

    /** Planned duration of the phase, {@code perf.timeScale} already applied. */
    Duration duration();

    /** The {@code perf.timeScale} in effect (1 = durations as written). */
    double timeScale();

    /**
     * Runs {@code action} at {@code offset} after the phase start, on its own thread; skipped when the phase has ended
     * by then. An action that throws fails the phase after it ends.
     */
    void at(Duration offset, Action action);

    /** Records that something happened now (offset from the phase start), e.g. the end of failure injection. */
    void mark(String label);

    /** Adds a line to the phase's notes in the reports. */
    void note(String line);

    /**
     * POSTs a JSON body to the target outside the measured requests and returns the response body.
     *
     * @throws IOException when the request fails or the status is not 2xx
     */
    String post(String path, String json) throws IOException, InterruptedException;

    /** GETs a path of the target outside the measured requests and returns the response body. */
    String get(String path) throws IOException, InterruptedException;
}

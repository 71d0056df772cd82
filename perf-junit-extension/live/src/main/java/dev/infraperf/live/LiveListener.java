package dev.infraperf.live;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.load.RunListener;
import org.apiguardian.api.API;

/**
 * Feeds the live page from the engine's events and starts its server on the first one. Found by the engine through
 * {@link java.util.ServiceLoader}; public only for that.
 */
@API(status = INTERNAL, since = "0.1")
public final class LiveListener implements RunListener {

    /** Whether the page is on; read at each event until the server started (cheap: a map lookup). */
    private static boolean on() {
        return LiveServer.running().isPresent()
                || LiveServer.ensureStarted(PerfConfig.fromSystem()).isPresent();
    }

    @Override
    public void phaseStarted(PhaseStarted event) {
        if (on()) {
            LiveServer.RUN.started(event);
        }
    }

    @Override
    public void interval(Interval event) {
        if (on()) {
            LiveServer.RUN.interval(event);
        }
    }

    @Override
    public void phaseEnded(PhaseEnded event) {
        if (on()) {
            LiveServer.RUN.ended(event);
        }
    }

    @Override
    public void phaseReported(PhaseReported event) {
        if (on()) {
            LiveServer.RUN.reported(event);
        }
    }

    @Override
    public void formaeSample(FormaeSample event) {
        if (on()) {
            LiveServer.RUN.formae(event);
        }
    }
}

package dev.infraperf.load;

import java.io.IOException;

/**
 * The phase ended before the request left: its hard stop interrupted the wait for a free connection, or closed the
 * pool or the connection before anything was written. Counted as a timeout whose message says "never sent", so what
 * the target received can be checked against the phase's counts. Internal.
 */
final class RequestNotSent extends IOException {

    /**
     * In the failure message of every request the phase counted but the target cannot have received (this one and
     * {@link ConnectionPool.NoFreeConnection}): what accounting checks look for.
     */
    static final String MARKER = "never sent";

    RequestNotSent(String why) {
        super("cancelled when the phase ended, " + MARKER + ": " + why);
    }
}

package dev.infraperf.live;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The live view of a run: a page on loopback with per-second charts of the running load phase (throughput ok and
 * failed, p50/p95/p99 raw and corrected for coordinated omission, errors by class) and of Formae cycles (resource
 * updates per state), the past phases with their verdicts and a link to their run directory's summary, and an
 * OpenMetrics/Prometheus endpoint at {@code /metrics}.
 *
 * <p>Adding {@code dev.infraperf:infra-perf-live} to the test classpath turns it on: the server starts with the first
 * phase or Formae sample, prints its URL once ({@code [live] watch this run at http://127.0.0.1:8089/}) and stops when
 * the test run ends (or the JVM exits: its threads are daemons, it never keeps a JVM alive).
 *
 * <p>Configuration (system property, {@code PERF_LIVE...} environment variable):
 *
 * <ul>
 *   <li>{@value #ENABLED_KEY}: {@code false} turns the server off; default {@code true} when this artifact is present;
 *   <li>{@value #PORT_KEY}: the port, default {@value #DEFAULT_PORT} (Locust's web UI port); when it is taken the
 *       server takes a free port instead of failing the run; {@code 0} always takes a free port;
 *   <li>{@value #HOST_KEY}: the address to bind, default {@code 127.0.0.1}; anything else exposes the run's figures
 *       to the network, so set it only on purpose (e.g. a Prometheus in a container).
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class LivePage {

    /** Configuration key switching the live server on or off: {@value}. */
    public static final String ENABLED_KEY = "perf.live";

    /** Configuration key of the port: {@value}. */
    public static final String PORT_KEY = "perf.live.port";

    /** Configuration key of the address bound: {@value}. */
    public static final String HOST_KEY = "perf.live.host";

    /** The default port: {@value}, falling back to a free one when taken. */
    public static final int DEFAULT_PORT = 8089;

    private LivePage() {}

    /** The page's URL while the server runs, e.g. {@code http://127.0.0.1:8089/}. */
    public static Optional<URI> url() {
        return LiveServer.running().map(LiveServer::url);
    }
}

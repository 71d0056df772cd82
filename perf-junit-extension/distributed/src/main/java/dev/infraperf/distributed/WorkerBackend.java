package dev.infraperf.distributed;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where workers come from: child JVMs or the pods of a Kubernetes Job. Closing it stops every worker it started. */
interface WorkerBackend extends AutoCloseable {

    /** A started worker, reachable at {@code uri}. */
    record Endpoint(int index, String name, URI uri) {}

    /**
     * Starts {@code workers} workers and returns them once each listens.
     *
     * @throws WorkerStartException when one did not start within {@code timeout}
     */
    List<Endpoint> start(int workers, Duration timeout);

    /** Why worker {@code index} is gone (it exited, its pod failed), empty while it runs. */
    Optional<String> gone(int index);

    /** What the backend is, for the report: {@code 3 local worker JVMs}. */
    String describe();

    /** Stops what is left: workers still running are killed, cluster objects deleted. */
    @Override
    void close();

    /** A worker that did not start in time. */
    final class WorkerStartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkerStartException(String message) {
            super(message);
        }
    }
}

package dev.infraperf.distributed;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;

/**
 * How the coordinator reaches a worker pod's port. The real one forwards a local port through the API server
 * ({@link PortForwardConnector}), so a test run outside the cluster works; tests of the rest of the backend put a
 * stub or local worker JVMs in its place.
 */
interface PodConnector {

    /** Opens the way to {@code port} of {@code pod}, worker {@code index}. */
    Connection connect(Pod pod, int index, int port) throws IOException;

    /** An open way to a worker: talk to {@code uri}; closing it closes the way (not the worker). */
    record Connection(URI uri, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }
}

package dev.infraperf.mock.terrafix;

import java.net.URI;
import java.util.List;

/**
 * A started mock server. Closing it stops the server and disconnects the dedup store; it is safe to close twice.
 * Obtain one from {@link TerraFixMock#builder()}.
 */
public final class RunningTerraFixMock implements AutoCloseable {

    private final Transport server;
    private final DedupStore store;
    private final URI uri;
    private boolean closed;

    private RunningTerraFixMock(Transport server, DedupStore store, URI uri) {
        this.server = server;
        this.store = store;
        this.uri = uri;
    }

    static RunningTerraFixMock start(MockOptions options) {
        DedupStore store = options.redisUrl() == null
                ? new InMemoryDedupStore(options.retention())
                : RedisDedupStore.connect(options.redisUrl(), options.retention());
        try {
            TerraFixApi api = new TerraFixApi(store, options.processingSettings(), new TerraformRepositories());
            Transport server = Transport.start(options.host(), options.port(), api);
            String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            URI uri = URI.create("http://" + host + ":" + server.port());
            api.markReady(true);
            return new RunningTerraFixMock(server, store, uri);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8081}, without a trailing slash. */
    public URI uri() {
        return uri;
    }

    /** Which dedup store serves this server: {@code redis redis://127.0.0.1:6379/0} or {@code in-memory}. */
    public String dedupStore() {
        return store.describe();
    }

    /**
     * What the dedup store cannot guarantee, as sentences; empty when nothing. A Redis that keeps no data across
     * restarts (no AOF, no RDB snapshots) is named here: when it restarts, completed failures are processed again.
     * {@code GET /status} lists the same under {@code warnings}.
     */
    public List<String> warnings() {
        return store.warnings();
    }

    /** Stops the server (in-flight requests are cut off) and disconnects the dedup store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } finally {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "TerraFix mock at " + uri + " (dedup: " + dedupStore() + ")";
    }
}

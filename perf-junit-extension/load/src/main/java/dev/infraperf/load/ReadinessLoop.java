package dev.infraperf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The one selector of this JVM that waits for the plain-HTTP connections of {@link SocketTransport}, served by one
 * virtual thread: it reads an answer's bytes for the user waiting on the connection and wakes that user. A user
 * blocked on a socket the JDK way parks on the JDK poller, which costs per request a failed read, a re-arming {@code
 * epoll_ctl} and a liveness read before reuse; here a connection stays registered for reading from connect to close,
 * and one {@code epoll_wait} serves every connection that became readable (see {@code docs/benchmarks.md}).
 *
 * <p>While connections are busy the loop polls without blocking and yields to the users between polls, so it never
 * holds a carrier while users could run; when a poll finds nothing it parks until a connection is ready. Internal.
 */
final class ReadinessLoop {

    private static final System.Logger LOG = System.getLogger(ReadinessLoop.class.getName());
    private static volatile ReadinessLoop shared;

    private final Selector selector;

    private ReadinessLoop(Selector selector) {
        this.selector = selector;
    }

    /** The loop of this JVM, started on first use. */
    static ReadinessLoop shared() {
        ReadinessLoop loop = shared;
        if (loop == null) {
            synchronized (ReadinessLoop.class) {
                loop = shared;
                if (loop == null) {
                    try {
                        loop = new ReadinessLoop(Selector.open());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open the selector of the socket client", e);
                    }
                    Thread.ofVirtual().name("infra-perf-readiness-loop").start(loop::run);
                    shared = loop;
                }
            }
        }
        return loop;
    }

    /** Registers a connected channel (made non-blocking here) for reading, with its connection as the attachment. */
    SelectionKey register(SocketChannel channel, LoopedConnection connection) throws IOException {
        channel.configureBlocking(false);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ, connection);
        selector.wakeup();
        return key;
    }

    /** Makes a parked loop apply changed interest sets and closed channels now. */
    void wakeup() {
        selector.wakeup();
    }

    private void run() {
        int polled = 0;
        while (true) {
            try {
                if (polled == 0) {
                    selector.select(ReadinessLoop::ready);
                } else {
                    Thread.yield(); // the users just woken run before the next poll
                }
                polled = selector.selectNow(ReadinessLoop::ready);
            } catch (IOException | RuntimeException e) {
                // never seen; the loop must outlive it, or every waiting user would wait for its deadline
                LOG.log(Level.WARNING, "the socket client's selector failed; polling again in 10 ms", e);
                LockSupport.parkNanos(10_000_000L);
                polled = 0;
            }
        }
    }

    private static void ready(SelectionKey key) {
        ((LoopedConnection) key.attachment()).ready(key);
    }
}

package dev.infraperf.load;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The keep-alive connections to one target shared by every user of a phase (Gatling's {@code shareConnections}): a
 * user holds a connection only for the exchange it sends, never while it waits between tasks, so the number of open
 * sockets follows the requests in flight, not the users.
 *
 * <p>At most {@code size} connections exist; one is opened only when every existing one is busy (so the pool settles at
 * the peak concurrency), and the idle one that has waited longest is taken first: a server that closes a connection
 * right after answering (the JDK's HttpServer does so beyond 200 idle connections) has then long been seen closing it
 * by the client's readiness loop, while taking the most recent one would send on it before its FIN arrived. A request
 * that finds all {@code size} busy waits for one; its latency is measured from before that wait (the wait is part of what the user
 * experiences), and a wait that outlasts the request timeout ends the request as timed out without sending it
 * ({@link NoFreeConnection}).
 *
 * <p>Each connection is a {@link SocketTransport}: the stale-connection rule is unchanged (a request the server may have
 * read is never sent again unless idempotent, see {@link UserSession}).
 */
final class ConnectionPool {

    /**
     * Default upper bound: half this machine class's open-file limit (20,000) and below the 28,232 ephemeral ports one
     * source address has towards one target, so a default phase never runs out of either.
     */
    static final int DEFAULT_MAX = 10_000;

    private final Opener opener;
    private final int size;
    /** Guards {@link #idle}, {@link #waiters}, {@link #inUse} and {@link #peakInUse}: one hold per acquire, per release. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Connections no request holds, the one idle longest first. */
    private final ArrayDeque<SocketTransport> idle = new ArrayDeque<>();
    /** Requests waiting for a connection, first come first served; a waiter that gave up stays, marked, until passed. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Permits held: requests holding a connection or opening one; never above {@code size}. */
    private int inUse;

    private int peakInUse;
    private final Set<SocketTransport> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger created = new AtomicInteger();
    private final LongAdder waited = new LongAdder();
    private final AtomicLong longestWaitNanos = new AtomicLong();
    private volatile boolean closed;

    ConnectionPool(URI target, TlsTrust tls, int connectTimeoutMillis, int size) {
        this(() -> new SocketTransport(target, tls, connectTimeoutMillis), size);
    }

    /** A pool whose connections come from {@code opener} (for tests: no socket is opened before an exchange). */
    ConnectionPool(Opener opener, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a connection pool needs a size >= 1, not " + size);
        }
        this.opener = opener;
        this.size = size;
    }

    /** Makes a pool's new connection (a {@link SocketTransport} connects on its first exchange). */
    @FunctionalInterface
    interface Opener {
        SocketTransport open() throws IOException;
    }

    /** The default pool size of a phase: one connection per user (or task in flight), at most {@link #DEFAULT_MAX}. */
    static int defaultSize(PhasePlan plan) {
        int wanted = plan.model() == dev.infraperf.reports.model.LoadModel.CLOSED ? plan.users() : plan.maxInFlight();
        return Math.max(1, Math.min(wanted, DEFAULT_MAX));
    }

    int size() {
        return size;
    }

    /** A transport for one user: every exchange borrows a connection of this pool. */
    Transport transportForUser() {
        return new Borrowing();
    }

    /** Closes every connection, those in use included (their exchanges fail); later exchanges fail at once. */
    void close() {
        closed = true;
        all.forEach(SocketTransport::close);
    }

    /** Connections open now (sockets held by this pool). */
    int open() {
        int n = 0;
        for (SocketTransport c : all) {
            if (c.connected()) {
                n++;
            }
        }
        return n;
    }

    /** One line for the phase notes: size, connections created, peak in use, waits. */
    String describe() {
        long waits = waited.sum();
        return String.format(
                Locale.ROOT,
                "connections: a keep-alive pool shared by the users, size %d; %d connection slot(s) used, peak %d in"
                        + " use at once; %d request(s) waited for a free connection%s",
                size,
                created.get(),
                peakInUse(),
                waits,
                waits == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " (longest %.3f ms, counted in their latency)",
                                longestWaitNanos.get() / 1e6));
    }

    int created() {
        return created.get();
    }

    int peakInUse() {
        return locked(() -> peakInUse);
    }

    long waited() {
        return waited.sum();
    }

    /** Permits held now (for tests). */
    int inUse() {
        return locked(() -> inUse);
    }

    /** Connections idle now, the one idle longest first (for tests). */
    List<SocketTransport> idle() {
        return locked(() -> List.copyOf(idle));
    }

    /** Waiters queued now, those that gave up and were not passed yet included (for tests). */
    int queued() {
        return locked(waiters::size);
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A connection for one exchange: an idle one (the one idle longest), else a new one while fewer than {@code size}
     * are in use, else the one the first release hands over within {@code timeoutNanos}.
     */
    SocketTransport acquire(long timeoutNanos, boolean fresh) throws IOException {
        if (closed) {
            throw new RequestNotSent("the pool was closed (the phase had ended)");
        }
        SocketTransport c;
        Waiter w = null;
        lock.lock();
        try {
            if (inUse < size && waiters.isEmpty()) {
                if (++inUse > peakInUse) {
                    peakInUse = inUse;
                }
                c = idle.pollFirst();
            } else {
                c = null;
                w = new Waiter();
                waiters.addLast(w);
            }
        } finally {
            lock.unlock();
        }
        if (w != null) {
            c = await(w, timeoutNanos);
        }
        if (c == null) {
            return openNew();
        }
        if (fresh) {
            c.disconnectIdle();
        }
        return c;
    }

    /**
     * Gives a connection back, or with {@code null} only the permit (its connect failed): the first waiter still
     * waiting gets both, else the connection goes idle and the permit is free.
     */
    void release(SocketTransport c) {
        Waiter next;
        lock.lock();
        try {
            while ((next = waiters.pollFirst()) != null && next.cancelled) {
                // gave up already
            }
            if (next == null) {
                inUse--;
                if (c != null) {
                    idle.addLast(c);
                }
                return;
            }
            if (!idle.isEmpty()) {
                // the waiter takes the connection idle longest, as a request that found one free would
                if (c != null) {
                    idle.addLast(c);
                }
                c = idle.pollFirst();
            }
            next.connection = c;
            next.granted = true;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(next.thread);
    }

    private SocketTransport openNew() throws IOException {
        SocketTransport c;
        try {
            c = opener.open();
        } catch (Throwable e) {
            release(null); // the permit is not lost with the connection
            throw e;
        }
        all.add(c);
        created.incrementAndGet();
        if (closed) {
            c.close();
        }
        return c;
    }

    /**
     * One waiting request; {@code connection} (null: open a new one) is set before {@code granted}, under the lock, by
     * the release that hands the permit over.
     */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean granted;
        SocketTransport connection;
        boolean cancelled;
    }

    /**
     * Waits for a release to hand over its permit. Not a {@link java.util.concurrent.Semaphore}: cancelling one of its
     * timed waits walks its queue, and with tens of thousands of users queued behind a slow target every timeout cost
     * O(waiters), which starved the carriers (seen in a thread dump of bench/users.sh). Here a waiter that gives up is
     * marked in O(1) and skipped when a release reaches it.
     */
    private SocketTransport await(Waiter w, long timeoutNanos) throws RequestNotSent, NoFreeConnection {
        long before = System.nanoTime();
        long deadline = before + timeoutNanos;
        boolean interrupted = false;
        while (!w.granted) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            LockSupport.parkNanos(this, remaining);
            if (Thread.interrupted()) {
                interrupted = true;
                break;
            }
        }
        long wait = System.nanoTime() - before;
        waited.increment();
        longestWaitNanos.accumulateAndGet(wait, Math::max);
        if (w.granted) {
            if (interrupted) {
                Thread.currentThread().interrupt(); // the exchange that follows sees it
            }
            return w.connection;
        }
        boolean handed;
        lock.lock();
        try {
            handed = w.granted;
            w.cancelled = !handed;
        } finally {
            lock.unlock();
        }
        if (handed) {
            // handed a connection while giving up: hand it on
            release(w.connection);
        }
        if (interrupted) {
            throw new RequestNotSent("it was waiting for a free connection");
        }
        throw new NoFreeConnection(size, timeoutNanos);
    }

    /** A user's view of the pool; closing it closes nothing (the pool is closed with the phase). */
    private final class Borrowing implements Transport {
        /** The last exchange met a stale connection: the next one (a retry) goes on a connection opened for it. */
        private boolean fresh;

        @Override
        public Answer exchange(String method, String path, List<String> headers, byte[] body, long timeoutNanos)
                throws IOException, InterruptedException {
            long start = System.nanoTime();
            SocketTransport c = acquire(timeoutNanos, fresh);
            fresh = false;
            try {
                long left = timeoutNanos - (System.nanoTime() - start);
                return c.exchange(method, path, headers, body, Math.max(1, left));
            } catch (SocketTransport.StaleConnection e) {
                fresh = true;
                throw e;
            } finally {
                release(c);
            }
        }

        @Override
        public void close() {
            // the connections belong to the pool
        }
    }

    /** Every connection of the pool stayed busy for the whole request timeout: the request was never sent. */
    static final class NoFreeConnection extends SocketTimeoutException {
        NoFreeConnection(int size, long timeoutNanos) {
            super(String.format(
                    Locale.ROOT,
                    "no free connection within the request timeout (%.0f ms): all %d of the pool busy; %s",
                    timeoutNanos / 1e6,
                    size,
                    RequestNotSent.MARKER));
        }
    }
}

package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pool's permits and hand-offs, driven directly: its connections are {@link SocketTransport}s that never connect
 * (a transport opens its socket on its first exchange, and these see none).
 */
class ConnectionPoolHandOffTest {

    private static final URI NOWHERE = URI.create("http://127.0.0.1:9/");
    private static final long LONG = TimeUnit.SECONDS.toNanos(10);
    private static final long PATIENT = TimeUnit.SECONDS.toNanos(2);

    private static SocketTransport transport() throws IOException {
        return new SocketTransport(NOWHERE, TlsTrust.defaults(), 1_000);
    }

    private static ConnectionPool pool(int size) {
        return new ConnectionPool(ConnectionPoolHandOffTest::transport, size);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached within 10 s").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** Every permit given back and {@code only} idle: what a pool of one must be left with. */
    private static void assertSettled(ConnectionPool pool, SocketTransport only) {
        assertThat(pool.inUse()).isZero();
        assertThat(pool.idle()).containsExactly(only);
    }

    @Test
    @DisplayName("a release hands its connection to the first waiter, and the next release to the second")
    void release_hands_off_in_arrival_order() throws Exception {
        ConnectionPool pool = pool(1);
        SocketTransport only = pool.acquire(LONG, false);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SocketTransport> first = threads.submit(() -> pool.acquire(LONG, false));
            await(() -> pool.queued() == 1);
            Future<SocketTransport> second = threads.submit(() -> pool.acquire(LONG, false));
            await(() -> pool.queued() == 2);

            pool.release(only);
            assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(only);
            assertThat(second.isDone()).isFalse();
            assertThat(pool.inUse()).isEqualTo(1);

            pool.release(only);
            assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(only);
            pool.release(only);
        }
        assertThat(pool.inUse()).isZero();
        assertThat(pool.queued()).isZero();
        assertThat(pool.idle()).containsExactly(only);
        assertThat(pool.created()).isEqualTo(1);
        assertThat(pool.waited()).isEqualTo(2);
    }

    @Test
    @DisplayName("the connection idle longest is taken first; a new one is opened only when none is idle")
    void longest_idle_first() throws Exception {
        ConnectionPool pool = pool(3);
        SocketTransport a = pool.acquire(LONG, false);
        SocketTransport b = pool.acquire(LONG, false);
        SocketTransport c = pool.acquire(LONG, false);
        assertThat(Set.of(a, b, c)).hasSize(3);
        assertThat(pool.peakInUse()).isEqualTo(3);

        pool.release(b);
        pool.release(a);
        pool.release(c);
        assertThat(pool.idle()).containsExactly(b, a, c);

        assertThat(pool.acquire(LONG, false)).isSameAs(b);
        assertThat(pool.acquire(LONG, false)).isSameAs(a);
        assertThat(pool.created()).isEqualTo(3);
        assertThat(pool.inUse()).isEqualTo(2);
    }

    @Test
    @DisplayName("a failed connect gives its permit back, to the first waiter if there is one")
    void failed_connect_passes_its_permit_on() throws Exception {
        CountDownLatch connecting = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger opened = new AtomicInteger();
        ConnectionPool pool = new ConnectionPool(
                () -> {
                    if (opened.incrementAndGet() == 1) {
                        connecting.countDown();
                        try {
                            fail.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IOException("refused");
                    }
                    return transport();
                },
                1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SocketTransport> failing = threads.submit(() -> pool.acquire(LONG, false));
            connecting.await();
            Future<SocketTransport> waiting = threads.submit(() -> pool.acquire(LONG, false));
            await(() -> pool.queued() == 1);

            fail.countDown();
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("refused");
            SocketTransport handed = waiting.get(10, TimeUnit.SECONDS);
            assertThat(handed).isNotNull();
            assertThat(pool.inUse()).isEqualTo(1);
            pool.release(handed);
        }
        assertThat(pool.inUse()).isZero();
        assertThat(pool.created()).isEqualTo(1);
        assertThat(pool.acquire(LONG, false)).isNotNull();
    }

    @Test
    @DisplayName("a waiter that gives up leaves the queue to the next release, which passes it over")
    void a_waiter_that_gave_up_is_passed_over() throws Exception {
        ConnectionPool pool = pool(1);
        SocketTransport only = pool.acquire(LONG, false);
        assertThatThrownBy(() -> pool.acquire(TimeUnit.MILLISECONDS.toNanos(20), false))
                .isInstanceOf(ConnectionPool.NoFreeConnection.class)
                .hasMessageContaining("all 1 of the pool busy");
        assertThat(pool.queued()).isEqualTo(1);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SocketTransport> live = threads.submit(() -> pool.acquire(LONG, false));
            await(() -> pool.queued() == 2);
            pool.release(only);
            assertThat(live.get(10, TimeUnit.SECONDS)).isSameAs(only);
            assertThat(pool.queued()).isZero();
            pool.release(only);
        }
        assertSettled(pool, only);
    }

    @Test
    @DisplayName("a waiter interrupted after it was handed a connection keeps it")
    void handed_then_interrupted_keeps_the_connection() throws Exception {
        ConnectionPool pool = pool(1);
        SocketTransport only = pool.acquire(LONG, false);
        List<Object> seen = new ArrayList<>();
        Thread waiter = Thread.ofVirtual().unstarted(() -> {
            try {
                SocketTransport c = pool.acquire(LONG, false);
                synchronized (seen) {
                    seen.add(c);
                    seen.add(Thread.currentThread().isInterrupted());
                }
                pool.release(c);
            } catch (IOException e) {
                synchronized (seen) {
                    seen.add(e);
                }
            }
        });
        waiter.start();
        await(() -> pool.queued() == 1);
        pool.release(only);
        waiter.interrupt(); // mostly lands before the waiter runs again: it wakes granted and interrupted
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        synchronized (seen) {
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isSameAs(only);
        }
        assertSettled(pool, only);
    }

    @Test
    @DisplayName("50 threads x 200 exchanges on a pool of 4, a third giving up at once: nothing lost, nothing shared")
    void no_permit_or_connection_is_lost_under_contention() throws Exception {
        ConnectionPool pool = pool(4);
        Set<SocketTransport> held = ConcurrentHashMap.newKeySet();
        AtomicInteger shared = new AtomicInteger();
        AtomicInteger gaveUp = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                all.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 200; i++) {
                        // a third give up within 50 us; the others wait up to 2 s, which a lost permit would exhaust
                        long timeout = random.nextInt(3) == 0 ? random.nextLong(1, 50_000) : PATIENT;
                        SocketTransport c;
                        try {
                            c = pool.acquire(timeout, false);
                        } catch (ConnectionPool.NoFreeConnection e) {
                            gaveUp.incrementAndGet();
                            continue;
                        }
                        if (!held.add(c)) {
                            shared.incrementAndGet();
                        }
                        served.incrementAndGet();
                        if (random.nextBoolean()) {
                            Thread.yield();
                        }
                        held.remove(c);
                        pool.release(c);
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Future<?> f : all) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            threads.shutdownNow(); // a waiter left behind by a failure is interrupted, not waited for
            threads.close();
        }
        assertThat(shared).as("connections held by two requests at once").hasValue(0);
        assertThat(served.get() + gaveUp.get()).isEqualTo(50 * 200);
        assertThat(served).hasPositiveValue();
        assertThat(pool.inUse()).as("permits held after every request ended").isZero();
        assertThat(pool.created()).isBetween(1, 4);
        assertThat(pool.idle()).hasSize(pool.created()).doesNotHaveDuplicates();
        assertThat(pool.peakInUse()).isBetween(1, 4);
    }
}

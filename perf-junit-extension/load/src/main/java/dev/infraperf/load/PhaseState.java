package dev.infraperf.load;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The live state of one running phase, shared by its users, its driver and its sampler. */
final class PhaseState {

    private final String name;
    private final long startNanos;
    private final long requestTimeoutNanos;
    private final PhaseRecorder recorder;
    private final Map<String, Object> shared = new ConcurrentHashMap<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final Set<Transport> transports = ConcurrentHashMap.newKeySet();
    /** Threads in {@code send} (checked the stop, or have a request in flight): not woken by {@link #stop()}. */
    final Set<Thread> sending = ConcurrentHashMap.newKeySet();

    final AtomicInteger activeUsers = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean hardStopped;

    private final double timeScale;

    PhaseState(String name, long startNanos, long requestTimeoutNanos, PhaseRecorder recorder, double timeScale) {
        this.timeScale = timeScale;
        this.name = name;
        this.startNanos = startNanos;
        this.requestTimeoutNanos = requestTimeoutNanos;
        this.recorder = recorder;
    }

    String name() {
        return name;
    }

    double timeScale() {
        return timeScale;
    }

    long startNanos() {
        return startNanos;
    }

    long requestTimeoutNanos() {
        return requestTimeoutNanos;
    }

    PhaseRecorder recorder() {
        return recorder;
    }

    Map<String, Object> shared() {
        return shared;
    }

    boolean stopping() {
        return stopping;
    }

    boolean hardStopped() {
        return hardStopped;
    }

    /**
     * The phase's time is up: no new task or request starts, waiting users wake up and run onStop; requests in flight
     * may still complete until the hard stop.
     */
    void stop() {
        stopping = true;
        for (Thread t : threads) {
            if (!sending.contains(t)) {
                t.interrupt();
            }
        }
    }

    /** The grace for onStop is over: every connection is closed, every thread interrupted again. */
    void hardStop() {
        hardStopped = true;
        transports.forEach(Transport::close);
        threads.forEach(Thread::interrupt);
    }
}

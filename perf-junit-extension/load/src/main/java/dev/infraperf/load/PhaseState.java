package dev.infraperf.load;

import java.util.List;
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
    /** Every thread of the phase (driver, users, arrivals), each with its flag for {@link #stop()}. */
    private final Map<Thread, Member> threads = new ConcurrentHashMap<>();

    final Set<Transport> transports = ConcurrentHashMap.newKeySet();

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
        threads.forEach((t, member) -> {
            if (!member.sending) {
                t.interrupt();
            }
        });
    }

    /** The grace for onStop is over: every connection is closed, every thread interrupted again. */
    void hardStop() {
        hardStopped = true;
        transports.forEach(Transport::close);
        threads.keySet().forEach(Thread::interrupt);
    }

    /** Adds a thread to the phase, before it starts. */
    void register(Thread thread) {
        threads.put(thread, new Member());
    }

    /** Removes the calling thread from the phase, when it is done. */
    void unregister() {
        threads.remove(Thread.currentThread());
    }

    /** The calling thread's membership, null when it is not a thread of the phase. */
    Member member() {
        return threads.get(Thread.currentThread());
    }

    /** The phase's threads now. */
    List<Thread> threads() {
        return List.copyOf(threads.keySet());
    }

    /** One thread of the phase. */
    static final class Member {
        /**
         * In {@code send} (checked the stop, or has a request in flight): not woken by {@link #stop()}. Written only
         * by its own thread; a flag instead of a shared set spares every request two writes to one concurrent map.
         */
        volatile boolean sending;
    }
}

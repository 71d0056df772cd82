package dev.infraperf.load;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * One simulated user of a load phase, the Java counterpart of a Locust {@code HttpUser}.
 *
 * <p>Subclass it, declare {@link Task @Task} methods and optionally override {@link #waitTime()}, {@link #onStart()}
 * and {@link #onStop()}. The engine creates one instance per user with the no-argument constructor (any visibility)
 * and drives it on its own virtual thread, so a task may block freely. Fields of an instance belong to that user;
 * state shared by all users of one phase goes through {@link #shared(String, Supplier)}, which starts empty in every
 * phase (static fields would leak from one phase into the next).
 *
 * <pre>{@code
 * class HealthUser extends VirtualUser {
 *     @Override protected WaitTime waitTime() { return WaitTime.between(Duration.ofMillis(100), Duration.ofMillis(500)); }
 *     @Task void health() { http().get("/health").send(); }
 * }
 * }</pre>
 *
 * <p>In the open model there are no fixed users: every arrival runs one task on an idle instance, creating (and
 * starting) a new instance when none is idle.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class VirtualUser {

    private UserSession session;

    /** Subclasses need a constructor without parameters. */
    protected VirtualUser() {}

    final void bind(UserSession userSession) {
        this.session = userSession;
    }

    final UserSession session() {
        return session;
    }

    /** The wait between tasks, asked once when the user starts; default {@link WaitTime#none()}. */
    protected WaitTime waitTime() {
        return WaitTime.none();
    }

    /** Runs once when the user starts, before its first task; requests sent here are recorded like any other. */
    protected void onStart() throws Exception {}

    /** Runs once when the phase ends (also after a cancelled task); requests are cut off 0.5 s after the end. */
    protected void onStop() throws Exception {}

    /** The HTTP client of this user, bound to the phase's target; one keep-alive connection per user. */
    protected final Http http() {
        return requireSession();
    }

    /** Time since the phase started. */
    protected final Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - requireSession().phase().startNanos());
    }

    /**
     * The {@code perf.timeScale} of the phase (1 = durations as written). A behaviour whose shape follows the phase
     * clock, like a cascade that grows every minute, divides {@link #elapsed()} by it to keep its shape in a shortened
     * run.
     */
    protected final double timeScale() {
        return requireSession().phase().timeScale();
    }

    /** Name of the phase this user runs in. */
    protected final String phaseName() {
        return requireSession().phase().name();
    }

    /**
     * State shared by all users of the current phase, created by {@code initial} on first use; the value must be
     * thread-safe, since every user runs on its own thread.
     */
    @SuppressWarnings("unchecked")
    protected final <T> T shared(String key, Supplier<T> initial) {
        Objects.requireNonNull(key, "key");
        return (T) requireSession().phase().shared().computeIfAbsent(key, k -> initial.get());
    }

    private UserSession requireSession() {
        if (session == null) {
            throw new IllegalStateException(
                    getClass().getName() + " is not running in a load phase; the engine binds users before onStart()");
        }
        return session;
    }
}

package dev.infraperf.load;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One load phase run before the annotated test method; repeat the annotation for several phases, which run in the
 * order written, each with only its own {@link #user() behaviour}. On a class, the phases apply to every test method
 * that declares none.
 *
 * <p><b>Closed model</b> ({@link #users()}): {@code users} virtual users are started at {@link #spawnRate()} per
 * second and each loops over its tasks until the phase ends - what Locust does. <b>Open model</b> ({@link #rate()}):
 * tasks start on a schedule at {@code rate} per second (ramping to {@link #rampTo()} if set), whatever the response
 * times, and latency is measured from each task's intended start - what wrk2, Gatling and k6 arrival-rate executors
 * do. Set exactly one of {@code users} and {@code rate}.
 *
 * <p>{@code perf.timeScale} (e.g. {@code -Dperf.timeScale=0.02}) multiplies every duration and divides the spawn rate,
 * so a 5-minute phase becomes 6 seconds with the same users fully started; reports show the scale. After the phases,
 * the {@link Thresholds} of the phase or the class are applied: the test fails with one {@link AssertionError} listing
 * every breach at or above {@link Thresholds#failOn()}. Results are injected into the test method as {@link
 * LoadResult} (all phases) or {@link PhaseResult} (a single phase). The target is
 * named by {@link LoadTarget} (or {@value LoadTarget#URL_KEY}, or a product annotation such as {@code @TerraFix}),
 * injectable as {@link ResolvedTarget}.
 *
 * <pre>{@code
 * @Test
 * @LoadPhase(name = "baseline", users = 5, spawnRate = 1, duration = "3m", user = ThroughputUser.class)
 * @LoadPhase(name = "high", users = 50, spawnRate = 5, duration = "5m", user = ThroughputUser.class)
 * void throughput(LoadResult result) {
 *     assertThat(result.phase("high")).p99().isLessThan(Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p>Invalid values fail the test before any load starts, naming the annotation, the attribute, the value and the
 * accepted form.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(LoadPhases.class)
@ExtendWith(LoadPhaseExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface LoadPhase {

    /** Configuration parameter choosing the HTTP client: {@code socket} (default) or {@code jdk}. */
    String CLIENT_KEY = "perf.load.client";

    /**
     * Configuration parameter: size of the keep-alive connection pool the users of a phase share (socket client), for
     * phases whose {@link #connections()} is 0; default one connection per user (closed model) or per task in flight
     * (open model), at most 10,000. A user holds a connection only while its request is in flight.
     */
    String CONNECTIONS_KEY = "perf.load.connections";

    /** Configuration parameter switching the per-interval progress lines on the console; default {@code true}. */
    String PROGRESS_KEY = "perf.load.progress";

    /** Phase name, unique within the test; default {@code phase-<n>}. */
    String name() default "";

    /** Closed model: number of virtual users, at least 1. 0 (the default) means not set. */
    int users() default 0;

    /** Closed model: users started per second, greater than 0; default 1 (Locust's default). */
    double spawnRate() default 1.0;

    /** Open model: tasks started per second, greater than 0. 0 (the default) means not set. */
    double rate() default 0;

    /** Open model: the rate to ramp to linearly by the end of the phase; default: constant {@link #rate()}. */
    double rampTo() default -1;

    /** How long the phase runs, e.g. {@code 30s}, {@code 5m}, {@code 1.5h}, {@code PT5M}. */
    String duration();

    /** The behaviour every user of this phase runs. */
    Class<? extends VirtualUser> user();

    /** Code to run around the phase, e.g. failure injection through the target's API. */
    Class<? extends PhaseHook>[] hooks() default {};

    /** Thresholds of this phase, replacing those of the class; at most one. */
    Thresholds[] thresholds() default {};

    /**
     * Time after which a request without a complete answer counts as timed out; default {@code 60s}. The socket client
     * enforces it for the whole exchange, writing the request included, to within 10 ms after the deadline (one thread
     * checks every open connection every 10 ms).
     */
    String requestTimeout() default "60s";

    /** Open model: tasks in flight beyond which new arrivals are dropped (counted, not sent); default 10000. */
    int maxInFlight() default 10_000;

    /**
     * Size of the keep-alive connection pool the users share (socket client): at most this many connections are open
     * to the target, opened as requests in flight need them, and a user waiting between tasks holds none. A request
     * that finds every connection busy waits for one, and the wait is part of its latency. 0 (the default): {@value
     * #CONNECTIONS_KEY}, else one per user or task in flight, at most 10,000.
     */
    int connections() default 0;
}

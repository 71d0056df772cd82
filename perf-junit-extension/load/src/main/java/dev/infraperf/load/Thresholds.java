package dev.infraperf.load;

import dev.infraperf.reports.model.Level;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The Good / Warning / Critical limits every {@link LoadPhase} is judged against, on a test class (all its phases) or
 * in {@link LoadPhase#thresholds()} (one phase). The defaults are the TerraFix load testing guide's table:
 *
 * <table>
 *   <caption>Levels</caption>
 *   <tr><th>metric</th><th>Good</th><th>Warning</th><th>Critical</th></tr>
 *   <tr><td>P50 latency</td><td>&lt; {@link #p50()} (100ms)</td><td>up to {@link #p50Critical()} (500ms)</td>
 *       <td>above</td></tr>
 *   <tr><td>P99 latency</td><td>&lt; {@link #p99()} (1s)</td><td>up to {@link #p99Critical()} (5s)</td>
 *       <td>above</td></tr>
 *   <tr><td>success rate</td><td>&gt; {@link #successRate()} (0.99)</td>
 *       <td>down to {@link #successRateCritical()} (0.95)</td><td>below</td></tr>
 *   <tr><td>throughput</td><td>stable</td><td>fluctuating</td><td>declining</td></tr>
 * </table>
 *
 * <p>Latencies are judged on the figures corrected for coordinated omission where the engine can correct them (open
 * model, paced closed model), raw service times otherwise. A metric at or above {@link #failOn()} is a breach that
 * fails the test; all breaches of all phases are reported in one {@link AssertionError}. Durations use {@code 250ms},
 * {@code 1s}, {@code 5m} or ISO-8601; an empty string switches that limit off. Throughput trends are judged as
 * documented on {@link PhaseResult#throughputTrend()}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface Thresholds {

    /** P50 latency below which a phase is Good; default {@code 100ms}. */
    String p50() default "100ms";

    /** P50 latency above which a phase is Critical; default {@code 500ms}. */
    String p50Critical() default "500ms";

    /** P95 latency below which a phase is Good; not judged by default. */
    String p95() default "";

    /** P95 latency above which a phase is Critical; not judged by default. */
    String p95Critical() default "";

    /** P99 latency below which a phase is Good; default {@code 1s}. */
    String p99() default "1s";

    /** P99 latency above which a phase is Critical; default {@code 5s}. */
    String p99Critical() default "5s";

    /** Success rate (0-1) above which a phase is Good; default 0.99. */
    double successRate() default 0.99;

    /** Success rate (0-1) below which a phase is Critical; default 0.95. */
    double successRateCritical() default 0.95;

    /** Whether the throughput trend (stable / fluctuating / declining) is judged; default true. */
    boolean judgeThroughput() default true;

    /**
     * Open model: the schedule error (how late arrivals started: actual start - intended start) whose p99 above this
     * adds a Warning row "Schedule error" (load generator saturated) to the verdicts; default {@code 1ms}, blank to not
     * judge it. A Warning, never Good-washed and never Critical: it says the figures may describe the generator.
     */
    String scheduleErrorP99() default "1ms";

    /** The level from which a breach fails the test; default {@link Level#CRITICAL}. */
    Level failOn() default Level.CRITICAL;
}

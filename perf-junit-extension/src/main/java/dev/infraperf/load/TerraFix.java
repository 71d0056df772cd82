package dev.infraperf.load;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures the TerraFix target of a class's {@link LoadPhase}s. Resolution order: {@code perf.terrafix.url} (a
 * deployed service; the attributes here are then ignored), else an embedded mock-terrafix on a free loopback port with
 * these settings, deduplicating in Redis when one resolves ({@code perf.redis.url} / {@code REDIS_URL}, Docker, a
 * {@code redis-server} on PATH) and in the mock's in-memory store otherwise. The mock is started once per test class
 * and stopped after it; the resolution lines go into the reports. Without this annotation the same defaults apply.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TerraFix {

    /** Simulated processing time per failure of the embedded mock; default {@code 50ms} (the original harness). */
    String latency() default "50ms";

    /** Probability 0-1 that the embedded mock fails a failure with HTTP 500; default 0. */
    double failureRate() default 0.0;

    /** Whether the embedded mock may deduplicate in Redis; default true (falls back to memory when none resolves). */
    boolean redis() default true;
}

package dev.infraperf.terrafix;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes TerraFix the load target of a class's {@link dev.infraperf.load.LoadPhase}s. Resolution order: {@value
 * #URL_KEY} (a deployed service; the attributes here are then ignored), else mock-terrafix, found on the test
 * classpath through its provider and started on a free loopback port with these settings, deduplicating in Redis
 * when one resolves ({@code perf.redis.url} / {@code REDIS_URL}, Docker, a {@code redis-server} on PATH) and in the
 * mock's in-memory store otherwise. The target is resolved once per test class and stopped after it; the resolution
 * lines go into the reports. A {@code @LoadTarget} or {@code perf.load.target} still wins over this annotation.
 *
 * <pre>{@code
 * @TerraFix(latency = "50ms")
 * class ThroughputExperiment {
 *     @Test
 *     @LoadPhase(name = "baseline", users = 5, spawnRate = 1, duration = "3m", user = ThroughputUser.class)
 *     void throughput(LoadResult result) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TerraFixExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface TerraFix {

    /** The configuration key of a deployed TerraFix: {@value}. */
    String URL_KEY = "perf.terrafix.url";

    /** Simulated processing time per failure of the embedded mock; default {@code 50ms} (the original harness). */
    String latency() default "50ms";

    /** Probability 0-1 that the embedded mock fails a failure with HTTP 500; default 0. */
    double failureRate() default 0.0;

    /** Whether the embedded mock may deduplicate in Redis; default true (falls back to memory when none resolves). */
    boolean redis() default true;
}

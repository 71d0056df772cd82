package dev.infraperf.mock.formae.provider;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How mock-formae is started when it is the agent of an {@code @FormaeCycle} (ignored when the cycle drives a real
 * agent given by {@code perf.formae.url} or {@code perf.formae.binary}). On the test class or method; the method's
 * wins.
 *
 * <pre>{@code
 * @FormaeCycle
 * @MockFormae(bugs = "reset-states-on-restart", rateLimit = 0)
 * class RestartRegressionTest { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface MockFormae {

    /** Bug switches to turn on (see mock-formae's README), e.g. {@code "reset-states-on-restart"}; none by default. */
    String[] bugs() default {};

    /**
     * The rate limit in operations per second per namespace at {@code perf.timeScale} 1 (divided by the time
     * scale); 0 = off. Default 2, as Formae's AWS plugin.
     */
    double rateLimit() default 2.0;

    /** The simulated cloud's latency scale; negative (default) uses {@code perf.timeScale}. */
    double cloudLatencyScale() default -1;

    /** The synchronization period ({@code 500ms}, {@code 30s}, {@code 5m}); empty (default) = on demand only. */
    String syncInterval() default "";
}

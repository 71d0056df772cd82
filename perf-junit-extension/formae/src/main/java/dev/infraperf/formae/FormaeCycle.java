package dev.infraperf.formae;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test as a Formae apply/destroy cycle of the environment of its {@code @ResourceCount}
 * (and {@code @Region}), and gives the test a {@link FormaeSession} and a {@link
 * dev.infraperf.cloud.CloudAudit} parameter.
 *
 * <pre>{@code
 * @ResourceCount(200)
 * @FormaeCycle
 * class ApplyDestroyTest {
 *     @Test
 *     void apply_then_destroy_leaves_nothing(FormaeSession session, GeneratedEnvironment env) {
 *         assertThat(session.applyAndAwait()).isInState(SUCCESS);
 *         assertThat(session.destroyAndAwait()).hasSuccessRateAtLeast(0.995);
 *     }
 * }
 * }</pre>
 *
 * <p>Before each test: the agent is resolved ({@value dev.infraperf.config.PerfConfig#FORMAE_URL}
 * for a running agent, else {@value dev.infraperf.config.PerfConfig#FORMAE_BINARY} for the CLI,
 * else the embedded mock-formae started as its own process), then the cloud (the agent's simulated
 * cloud for mock-formae; for a real agent {@value dev.infraperf.config.PerfConfig#AWS_ENDPOINT} or
 * LocalStack in Docker), and the quota pre-flight runs: an environment that does not fit is skipped
 * with quota, usage and need. A missing part skips the test with the reason.
 *
 * <p>After each test, passed or failed: running commands are cancelled, the environment is
 * destroyed, the cloud is audited (leftovers fail the test, listed), and the agent log is scanned
 * (its ERR lines are published as a report entry; {@code terminated abnormally} fails the test
 * unless {@link #expectAbnormalTermination()}). Teardown failures are aggregated.
 *
 * <p>How the embedded mock-formae starts (bug switches, rate limit, cloud latency) is configured by
 * mock-formae's own {@code @MockFormae} annotation beside this one; it is ignored for a real agent.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FormaeCycleExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface FormaeCycle {

    /** How long {@link FormaeSession#awaitCompletion(String)} waits (not scaled by {@code perf.timeScale}); default {@code 10m}. */
    String awaitTimeout() default "10m";

    /**
     * Whether to write the run's report (cycle, checks, resolution lines) through the reports module,
     * adding a row to the history (default true).
     */
    boolean report() default true;

    /** Whether the test expects the agent log to say {@code terminated abnormally} (default false). */
    boolean expectAbnormalTermination() default false;
}

package dev.infraperf.environment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generates a Formae test environment of {@code value} resources for the annotated test class or
 * method, and gives it to the test as a {@link GeneratedEnvironment} parameter.
 *
 * <pre>{@code
 * @ResourceCount(2000)
 * @Region("us-east-2")
 * class LargeApplyTest {
 *     @Test
 *     void applies(GeneratedEnvironment environment) { ... environment.formaJson() ... }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Scope: on a method, one environment for that method; on a class (inherited by subclasses and
 *       nested classes), one environment shared by its tests, unless a method carries its own
 *       {@code @ResourceCount} or {@code @Region}.
 *   <li>Scaling: the count is multiplied by {@value dev.infraperf.config.PerfConfig#RESOURCE_SCALE}
 *       (e.g. {@code 0.1} for smoke runs), rounded, never below 1.
 *   <li>Region: {@link Region}, default {@value Region#DEFAULT}.
 *   <li>Files: under {@value #DIRECTORY_KEY} (default {@value #DEFAULT_DIRECTORY}), in {@code
 *       <TestClass>/<method>-<envId>}: the Pkl project and its evaluated {@code forma.json}. They are
 *       kept when a test of the scope failed, and deleted otherwise unless {@value #KEEP_KEY} is
 *       {@code true}.
 * </ul>
 *
 * <p>Other extensions obtain the same environment with {@link GeneratedEnvironments#forContext}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ResourceCountExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface ResourceCount {

    /** Where generated projects go, relative to the working directory (Maven: the module). */
    String DIRECTORY_KEY = "perf.environment.dir";

    String DEFAULT_DIRECTORY = "target/perf-environments";

    /** {@code true} keeps the projects of passed tests too. */
    String KEEP_KEY = "perf.environment.keep";

    /** Number of resources to generate, at least 1 (before {@code perf.resourceScale}). */
    int value();
}

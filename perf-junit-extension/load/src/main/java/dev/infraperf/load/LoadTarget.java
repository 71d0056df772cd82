package dev.infraperf.load;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The HTTP(S) service that the {@link LoadPhase}s of a test class or method run against.
 *
 * <pre>{@code
 * @LoadTarget(name = "orders-api", url = "https://orders.test.internal:8443", health = "/healthz")
 * class OrdersLoadTest { ... }
 * }</pre>
 *
 * <p>Resolution, first wins: the configuration key {@value #URL_KEY} (system property, environment variable {@code
 * PERF_LOAD_TARGET} or JUnit configuration parameter; CI points a test at another deployment without touching its
 * code), this annotation on the method, then on the class, then a target provided by a product annotation such as
 * {@code @TerraFix}. Without any of them the test fails with a configuration error naming these options.
 *
 * <p>TLS: {@code https} targets are verified against the JVM's default trust store unless a trust store is named
 * ({@link #trustStore()} or {@value #TRUST_STORE_KEY}, PKCS12 or JKS, password in {@value #TRUST_STORE_PASSWORD_KEY}),
 * or {@value #TRUST_ALL_KEY}{@code =true} accepts any certificate (self-signed test certificates only).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface LoadTarget {

    /** The configuration key that overrides the URL: {@value}. */
    String URL_KEY = "perf.load.target";

    /** The configuration key of a trust store file for {@code https} targets: {@value}. */
    String TRUST_STORE_KEY = "perf.load.trustStore";

    /** The configuration key of the trust store's password (never printed): {@value}. */
    String TRUST_STORE_PASSWORD_KEY = "perf.load.trustStorePassword";

    /** The configuration key that makes {@code https} accept any certificate: {@value}. */
    String TRUST_ALL_KEY = "perf.load.trustAll";

    /**
     * The base URL, {@code http://} or {@code https://}, e.g. {@code http://127.0.0.1:8080}. {@code ${name}} is
     * replaced by the system property, environment variable or JUnit configuration parameter {@code name}, for a URL
     * known only at run time (a service the test starts in {@code @BeforeAll}).
     */
    String url();

    /** The name reports, console and Allure use for the target; default its host and port. */
    String name() default "";

    /**
     * A path answered with a 2xx when the target is up, checked once before the first phase (unmeasured); empty
     * (default) checks nothing.
     */
    String health() default "";

    /** A trust store file (PKCS12 or JKS) for an {@code https} target; empty = the JVM's default trust. */
    String trustStore() default "";
}

package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.infraperf.config.ConfigurationException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Any HTTP(S) service is a target: an HTTPS server on loopback with a certificate this test generates (keytool, a
 * self-signed certificate for 127.0.0.1), named by configuration, trusted through a trust store or {@code trustAll}.
 */
@DisplayName("@LoadTarget")
class LoadTargetTest {

    private static final String PASSWORD = "changeit";
    private static final AtomicLong RECEIVED = new AtomicLong();
    private static final AtomicReference<LoadResult> RESULT = new AtomicReference<>();

    @TempDir
    static Path dir;

    private static Path keyStore;
    private static HttpsServer server;
    private static ExecutorService executor;

    @BeforeAll
    static void startHttpsServer() throws Exception {
        keyStore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestURI().getPath().equals("/healthz")) {
                    RECEIVED.incrementAndGet();
                }
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** One GET per task. */
    public static final class OrdersUser extends VirtualUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(Duration.ofMillis(5));
        }

        @Task
        void list() {
            http().get("/orders").name("/orders").expectStatus(200).send();
        }
    }

    @LoadTarget(name = "orders-api", url = "https://placeholder.invalid", health = "/healthz")
    @Thresholds(p50Critical = "", p99Critical = "", successRateCritical = 0)
    static class Orders {
        @Test
        @LoadPhase(name = "closed", users = 3, spawnRate = 100, duration = "1s", user = OrdersUser.class)
        @LoadPhase(name = "open", rate = 50, rampTo = 100, duration = "1s", user = OrdersUser.class)
        void test(LoadResult result) {
            RESULT.set(result);
        }
    }

    private static Events run(Class<?> fixture, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("perf.load.progress", "false")
                .configurationParameter(
                        "perf.results.dir", dir.resolve("results").toString())
                .configurationParameters(parameters)
                .selectors(selectClass(fixture))
                .execute()
                .testEvents();
    }

    @Test
    void an_https_target_with_a_self_signed_certificate_is_loaded_through_a_trust_store() throws Exception {
        long before = RECEIVED.get();
        run(
                        Orders.class,
                        Map.of(
                                LoadTarget.URL_KEY, url().toString(),
                                LoadTarget.TRUST_STORE_KEY, keyStore.toString(),
                                LoadTarget.TRUST_STORE_PASSWORD_KEY, PASSWORD))
                .assertThatEvents()
                .haveExactly(1, event(test(), finishedSuccessfully()));

        LoadResult result = RESULT.get();
        assertThat(result.target().name()).isEqualTo("orders-api");
        assertThat(result.target().uri()).isEqualTo(url());
        assertThat(result.target().resolutions().get(0))
                .startsWith("orders-api: " + url() + " from " + LoadTarget.URL_KEY)
                .contains("TLS: trust store")
                .doesNotContain(PASSWORD);
        PhaseResult closed = result.phase("closed");
        PhaseResult open = result.phase("open");
        assertTlsWorked(closed, true);
        assertTlsWorked(open, false);
        // what the server received lies between what succeeded and what was sent (a request abandoned at the
        // phase's hard stop may or may not have arrived); AccountingTest pins each fault shape exactly
        long received = RECEIVED.get() - before;
        assertThat(received)
                .isBetween(
                        closed.succeeded() + open.succeeded(),
                        closed.issued() - closed.dropped() + open.issued() - open.dropped());
        Path run = Files.list(dir.resolve("results"))
                .filter(Files::isDirectory)
                .findFirst()
                .orElseThrow();
        assertThat(Files.readString(run.resolve("experiment_summary.html"))).contains("orders-api");
    }

    @Test
    void trust_all_accepts_the_self_signed_certificate_without_a_trust_store() {
        run(Orders.class, Map.of(LoadTarget.URL_KEY, url().toString(), LoadTarget.TRUST_ALL_KEY, "true"))
                .assertThatEvents()
                .haveExactly(1, event(test(), finishedSuccessfully()));
        assertTlsWorked(RESULT.get().phase("closed"), true);
        assertTlsWorked(RESULT.get().phase("open"), false);
    }

    /**
     * No request failed for a TLS, connection or HTTP reason, and (closed phase) some went through TLS. On a starved
     * CPU a 1 s open phase may start none in time: its arrivals are dropped or abandoned at the hard stop (the load
     * generator's limit, reported as such), so only the absence of failures is required of it.
     */
    private static void assertTlsWorked(PhaseResult phase, boolean requireSuccess) {
        if (requireSuccess) {
            assertThat(phase.succeeded())
                    .as("%s: requests that succeeded", phase.name())
                    .isPositive();
        }
        assertThat(phase.failed())
                .as("%s: requests that failed (by class: %s)", phase.name(), phase.failuresPerClass())
                .isZero();
        assertThat(phase.succeeded() + phase.timedOut() + phase.dropped()).isEqualTo(phase.issued());
    }

    @Test
    void an_untrusted_certificate_fails_the_health_check_naming_the_target() {
        run(Orders.class, Map.of(LoadTarget.URL_KEY, url().toString()))
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                finishedWithFailure(
                                        instanceOf(ConfigurationException.class),
                                        message(m ->
                                                m.startsWith("orders-api does not answer GET /healthz at " + url())))));
    }

    static class NoTarget {
        @Test
        @LoadPhase(name = "p", users = 1, duration = "1s", user = OrdersUser.class)
        void test() {}
    }

    @Test
    void without_a_target_the_error_names_every_way_to_give_one() {
        run(NoTarget.class, Map.of())
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                finishedWithFailure(
                                        instanceOf(ConfigurationException.class),
                                        message("no load target for NoTarget.test: add @LoadTarget(url ="
                                                + " \"http://host:port\") to the class or method, set"
                                                + " perf.load.target, or use a product target such as @TerraFix"
                                                + " (dev.infraperf:infra-perf-terrafix)"))));
    }

    @Test
    void a_target_that_is_not_http_fails_naming_the_source_and_the_accepted_schemes() {
        run(NoTarget.class, Map.of(LoadTarget.URL_KEY, "ftp://127.0.0.1:21"))
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                finishedWithFailure(
                                        instanceOf(ConfigurationException.class),
                                        message(m -> m.contains("perf.load.target")
                                                && m.contains("ftp://127.0.0.1:21")
                                                && m.endsWith("is not an http:// or https:// URL with a host; use"
                                                        + " e.g. http://127.0.0.1:8080")))));
    }

    @Test
    void the_java_api_rejects_a_non_http_url() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadEngine.run(
                        URI.create("ftp://127.0.0.1:21"),
                        LoadEngine.Phase.closed("p", 1, 1, Duration.ofSeconds(1), OrdersUser.class)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not an http:// or https:// URL");
    }
}

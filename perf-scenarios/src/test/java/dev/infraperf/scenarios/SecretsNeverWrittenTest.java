package dev.infraperf.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.environment.GeneratedEnvironment;
import dev.infraperf.environment.Region;
import dev.infraperf.environment.ResourceCount;
import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.FormaeCycle;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.LoadResult;
import dev.infraperf.load.Task;
import dev.infraperf.mock.formae.provider.MockFormae;
import dev.infraperf.parts.PasswordRedis;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFix;
import dev.infraperf.terrafix.TerraFixUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Plants a password holding a {@code /} in the Redis URL of a run (a password-protected redis-server that
 * mock-terrafix deduplicates in), runs a load phase, a phase whose URL is written with the password unencoded (an
 * error path) and a Formae cycle through the JUnit Launcher (so Allure's listener writes its results as in a real
 * run), then searches every file under this module's {@code target/} and everything printed for it.
 *
 * <p>Surefire writes this test's own report and output after it ends; {@code .ci/run} searches those too.
 */
@DisplayName("Secrets never reach a file or the console")
class SecretsNeverWrittenTest {

    /** Built at run time, so no compiled class under target/ holds it whole. */
    static final String PASSWORD = String.join("/", "s3c", "ret");

    /** The password as it may be written: plain, or percent-encoded in either case. */
    static final List<String> FORMS = List.of(PASSWORD, PASSWORD.replace("/", "%2F"), PASSWORD.replace("/", "%2f"));

    /** One unique failure per task: mock-terrafix records each in Redis. */
    public static final class SubmitUser extends TerraFixUser {
        @Task
        void submit() {
            submitFailure(FailurePayloads.failureJson("small"), "/webhook");
        }
    }

    @TerraFix(latency = "0ms")
    static class PhaseWithRedis {
        @Test
        @LoadPhase(name = "dedup in redis", users = 2, spawnRate = 100, duration = "2s", user = SubmitUser.class)
        void phase(LoadResult result) {
            assertThat(result.phase("dedup in redis").successRate()).isEqualTo(1.0);
        }
    }

    @Region("us-east-2")
    @FormaeCycle(awaitTimeout = "2m")
    @MockFormae(rateLimit = 0, cloudLatencyScale = 0.01)
    static class FormaeCycleRun {
        @Test
        @ResourceCount(10)
        void cycle(FormaeSession session, GeneratedEnvironment env, CloudAudit cloud) {
            assertThat(session.applyAndAwait().state()).isEqualTo(CommandState.SUCCESS);
            assertThat(session.destroyAndAwait().state()).isEqualTo(CommandState.SUCCESS);
        }
    }

    @Test
    void a_password_in_the_redis_url_is_in_no_file_under_target_and_not_on_the_console() throws Exception {
        var binary = PasswordRedis.binary();
        Assumptions.assumeTrue(
                binary.isPresent(),
                "inconclusive: no redis-server on PATH to plant a password in (.ci/run installs it)");
        Path target = Path.of("target").toAbsolutePath();
        Path results = target.resolve("secret-check");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<TestExecutionSummary> summaries = new ArrayList<>();
        long keysInRedis;
        try (PasswordRedis redis = PasswordRedis.start(binary.get(), PASSWORD)) {
            String host = "@127.0.0.1:" + redis.port();
            String encoded = "redis://default:" + PASSWORD.replace("/", "%2F") + host;
            String unencoded = "redis://default:" + PASSWORD + host;
            PrintStream out = System.out;
            PrintStream err = System.err;
            try (PrintStream teeOut = tee(out, console);
                    PrintStream teeErr = tee(err, console)) {
                System.setOut(teeOut);
                System.setErr(teeErr);
                summaries.add(run(PhaseWithRedis.class, encoded, results));
                summaries.add(run(PhaseWithRedis.class, unencoded, results));
                summaries.add(run(FormaeCycleRun.class, encoded, results));
                // what surefire would print of each: the failures with their stack traces
                PrintWriter writer = new PrintWriter(teeOut, true);
                summaries.forEach(summary -> summary.printFailuresTo(writer, 50));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            keysInRedis = dbSize(redis.port());
        }

        assertThat(summaries.get(0).getTestsSucceededCount())
                .as("the phase ran against mock-terrafix deduplicating in the password-protected Redis:\n%s", console)
                .isEqualTo(1);
        assertThat(keysInRedis).as("keys mock-terrafix wrote to Redis").isPositive();
        assertThat(summaries.get(1).getTestsSucceededCount())
                .as("an unencoded '/' in the password is refused")
                .isZero();
        assertThat(summaries.get(1).getFailures()).singleElement().satisfies(failure -> assertThat(
                        failure.getException().getMessage())
                .contains("perf.redis.url=redis://default:****@127.0.0.1")
                .contains("must be percent-encoded"));
        assertThat(summaries.get(2).getTestsSucceededCount())
                .as("the Formae cycle ran with the password in its configuration:\n%s", console)
                .isEqualTo(1);

        List<String> onConsole = FORMS.stream()
                .filter(console.toString(StandardCharsets.UTF_8)::contains)
                .toList();
        assertThat(onConsole).as("forms of the password printed").isEmpty();
        List<Path> scanned = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(target)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                scanned.add(file);
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                FORMS.stream().filter(text::contains).forEach(form -> leaks.add(target.relativize(file) + ": " + form));
            }
        }
        assertThat(leaks).as("files under target/ holding the password").isEmpty();
        // the search covered what the runs wrote: Allure results, the reports, the history
        assertThat(scanned)
                .anyMatch(file -> file.toString().contains("allure-results")
                        && file.toString().endsWith("-result.json"))
                .anyMatch(file -> file.startsWith(results) && file.toString().endsWith("experiment_summary.html"))
                .anyMatch(file -> file.startsWith(results) && file.toString().endsWith("history.jsonl"));
    }

    private static TestExecutionSummary run(Class<?> testClass, String redisUrl, Path results) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameters(Map.of(
                        "perf.redis.url",
                        redisUrl,
                        "perf.results.dir",
                        results.toString(),
                        "perf.load.progress",
                        "true"))
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, summary);
        return summary.getSummary();
    }

    private static PrintStream tee(PrintStream original, OutputStream copy) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        original.write(b);
                        synchronized (copy) {
                            try {
                                copy.write(b);
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        original.write(b, off, len);
                        synchronized (copy) {
                            try {
                                copy.write(b, off, len);
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    /** AUTH then DBSIZE over RESP. */
    private static long dbSize(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            byte[] password = PASSWORD.getBytes(StandardCharsets.UTF_8);
            String commands =
                    "*2\r\n$4\r\nAUTH\r\n$" + password.length + "\r\n" + PASSWORD + "\r\n*1\r\n$6\r\nDBSIZE\r\n";
            socket.getOutputStream().write(commands.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String replies = "";
            while (!replies.matches("(?s)\\+OK\r\n:\\d+\r\n.*")) {
                int b = in.read();
                if (b < 0 || replies.startsWith("-")) {
                    throw new IOException("Redis answered " + replies.strip());
                }
                replies += (char) b;
            }
            return Long.parseLong(replies.substring(replies.indexOf(':') + 1).strip());
        }
    }
}

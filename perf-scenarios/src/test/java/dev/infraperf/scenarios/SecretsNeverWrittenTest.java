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
 * Plants a password holding a {@code /} in the Redis URL of a run, as {@code -Dperf.redis.url} (a password-protected
 * redis-server that mock-terrafix deduplicates in), runs a load phase, the same phase with the password unencoded in
 * the URL (an error path) and a Formae cycle in a JVM of their own through the JUnit Launcher (so Allure's listener
 * writes its results as in a real run), then searches every file under this module's {@code target/} and everything
 * printed for it.
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
        String console;
        long keysInRedis;
        try (PasswordRedis redis = PasswordRedis.start(binary.get(), PASSWORD)) {
            String host = "@127.0.0.1:" + redis.port();
            String encoded = "redis://default:" + PASSWORD.replace("/", "%2F") + host;
            String unencoded = "redis://default:" + PASSWORD + host;
            console = runInChildJvm(results, encoded, unencoded);
            keysInRedis = dbSize(redis.port());
        }

        assertThat(console)
                .as("the phase ran against mock-terrafix deduplicating in the password-protected Redis")
                .contains("[secrets] PhaseWithRedis encoded: 1 succeeded, 0 failed")
                .contains("Redis: using redis://default:****@127.0.0.1");
        assertThat(keysInRedis).as("keys mock-terrafix wrote to Redis").isPositive();
        assertThat(console)
                .as("an unencoded '/' in the password is refused, naming the key and what to do")
                .contains("[secrets] PhaseWithRedis unencoded: 0 succeeded, 1 failed")
                .containsPattern("perf\\.redis\\.url=redis://default:\\*\\*\\*\\*@127\\.0\\.0\\.1:\\d+ \\(from system"
                        + " property perf\\.redis\\.url\\) has a '/', '\\?' or '#' before its '@': a password holding"
                        + " one must be percent-encoded");
        assertThat(console)
                .as("the Formae cycle ran with the password in its configuration")
                .contains("[secrets] FormaeCycleRun encoded: 1 succeeded, 0 failed");

        List<String> onConsole = FORMS.stream().filter(console::contains).toList();
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

    /**
     * Runs the scenario classes in a JVM of their own, as {@code mvn verify -Dperf.redis.url=...} would: the URL is a
     * real {@code -D} system property (this JVM's unit-test isolation does not apply there). Returns everything it
     * printed, which is echoed here too.
     */
    private static String runInChildJvm(Path results, String encoded, String unencoded) throws Exception {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        javaBinary.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dperf.redis.url=" + encoded,
                        "-Dperf.results.dir=" + results,
                        SecretsNeverWrittenTest.class.getName(),
                        unencoded)
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream in = child.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                output.write(buffer, 0, n);
                System.out.write(buffer, 0, n);
            }
        }
        System.out.flush();
        if (!child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM running the scenarios did not end within 5 minutes");
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    /**
     * The child JVM: runs the phase with {@code -Dperf.redis.url} as given, the same phase with {@code args[0]} as
     * the URL (an error path), and a Formae cycle, through the JUnit Launcher (Allure's listener included), and prints
     * each outcome and every failure with its stack trace as a console runner would.
     */
    public static void main(String[] args) {
        String encoded = System.getProperty("perf.redis.url");
        PrintWriter console = new PrintWriter(System.out, true);
        report("PhaseWithRedis encoded", run(PhaseWithRedis.class), console);
        System.setProperty("perf.redis.url", args[0]);
        report("PhaseWithRedis unencoded", run(PhaseWithRedis.class), console);
        System.setProperty("perf.redis.url", encoded);
        report("FormaeCycleRun encoded", run(FormaeCycleRun.class), console);
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameters(Map.of("perf.load.progress", "true"))
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, summary);
        return summary.getSummary();
    }

    private static void report(String what, TestExecutionSummary summary, PrintWriter console) {
        summary.printFailuresTo(console, 50);
        console.printf(
                "[secrets] %s: %d succeeded, %d failed%n",
                what, summary.getTestsSucceededCount(), summary.getTotalFailureCount());
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

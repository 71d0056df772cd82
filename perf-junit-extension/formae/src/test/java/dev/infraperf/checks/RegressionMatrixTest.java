package dev.infraperf.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.cloud.SimulatedCloudAudit;
import dev.infraperf.environment.EnvironmentGenerator;
import dev.infraperf.formae.CycleEnvironment;
import dev.infraperf.formae.FormaeSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof matrix: every regression check against mock-formae with its bug switch on (the check
 * must fail, naming the symptom) and with every switch off (it must pass). Small environment, fast
 * simulated cloud, a rate limit low enough that a cancel or restart lands mid-apply.
 *
 * <p>The cells are independent (each starts its own agent and cloud processes) and mostly wait on
 * simulated latency, so they run three at a time before the tests report them one by one. Writes
 * {@code target/regression-matrix.txt} for {@code bench/regression-matrix.sh}.
 */
@DisplayName("The regression matrix")
class RegressionMatrixTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final int PARALLEL_CELLS = 4;
    private static final String SLOW_INSTANCES = "{\"latencyMs\":{\"AWS::EC2::Instance\":{\"create\":1500}}}";
    private static final Map<String, Cell> CELLS = new ConcurrentHashMap<>();

    /** Each check's own symptom, as its failure message words it: a caught bug must read as that bug. */
    private static final Map<String, String> SYMPTOMS = Map.ofEntries(
            Map.entry("bug-1-large-command-store", "to be accepted (202 with a command id)"),
            Map.entry("bug-2-notstarted-resume", "NotStarted before the agent restart, to run after it"),
            Map.entry("bug-3-no-stale-managed-resources", "to hold no managed resource"),
            Map.entry("bug-4-restart-keeps-success-counts", "were created again according to the operation log"),
            Map.entry("bug-5-destroy-ordering", "HostedZoneNotEmpty"),
            Map.entry("bug-6-drift-sync", "to leave the inventory after a sync"),
            Map.entry("bug-7-no-orphans", "resources the agent never recorded"),
            Map.entry("bug-8-cancel-during-backoff", "terminated abnormally"),
            Map.entry("enhancement-canceling-state", "expected Canceling before Canceled"),
            Map.entry("verified-cancel-waits-for-in-flight", "to be a success of the cancelled command"),
            Map.entry("verified-destroy-at-scale", "Expecting success rate of command"));

    @TempDir
    static Path dir;

    private static CycleEnvironment environment;

    /** One run of one check, with or without its bug; {@code failure} is what the check threw, if anything. */
    private record Cell(RegressionCheck check, boolean bugOn, Throwable failure, Duration took) {}

    @BeforeAll
    static void run_every_cell() throws Exception {
        environment =
                CycleEnvironment.of(EnvironmentGenerator.of(30, "us-east-1").writeTo(dir.resolve("env")));
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CELLS);
        try {
            List<Future<Cell>> futures = new ArrayList<>();
            for (RegressionCheck check : RegressionChecks.all(PATIENCE)) {
                if (!check.bugSwitches().isEmpty()) {
                    futures.add(pool.submit(() -> run(check, true)));
                }
                futures.add(pool.submit(() -> run(check, false)));
            }
            for (Future<Cell> f : futures) {
                Cell cell = f.get(10, TimeUnit.MINUTES);
                CELLS.put(key(cell.check(), cell.bugOn()), cell);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String key(RegressionCheck check, boolean bugOn) {
        return check.id() + (bugOn ? "/on" : "/off");
    }

    private static Cell run(RegressionCheck check, boolean bugOn) {
        long start = System.nanoTime();
        List<String> bugs = bugOn ? check.bugSwitches() : List.of();
        Throwable failure = null;
        try (FormaeSession session = session(check, bugOn, bugs)) {
            if (bugOn) {
                // The bug may leave things behind or crash the executor: the check judges it, not the teardown.
                session.expectLeftovers();
                session.expectAbnormalTermination();
            }
            try {
                check.verify(session);
            } catch (Throwable t) {
                failure = t;
            }
        } catch (Throwable teardown) {
            if (failure == null) {
                failure = teardown;
            } else {
                failure.addSuppressed(teardown);
            }
        }
        return new Cell(check, bugOn, failure, Duration.ofNanos(System.nanoTime() - start));
    }

    private static FormaeSession session(RegressionCheck check, boolean bugOn, List<String> bugs) {
        String name = check.id() + (bugOn ? "-on" : "-off");
        FormaeSession session = FormaeSession.builder()
                .environment(environment)
                .workDir(dir.resolve(name))
                .agentOption("bugs", String.join(",", bugs))
                // Bug 8 needs the rate limiter to be backing off when the cancel comes: a low limit.
                .agentOption("rateLimit", check.id().startsWith("bug-8") ? "3" : "20")
                .agentOption("cloudLatencyScale", "0.02")
                .agentOption("persistCallTimeout", "300ms")
                .agentOption("legacyStoreCost", "10ms")
                .awaitTimeout(Duration.ofSeconds(60))
                .progressTo(new PrintStream(System.out, true) {
                    @Override
                    public void println(String line) {
                        super.println("[" + name + "] " + line);
                    }
                })
                .start();
        setFaults(((SimulatedCloudAudit) session.cloud()).base(), faults(check));
        return session;
    }

    /**
     * Instances take 1.5 s to create: long enough for a cancel or restart to find work in flight. For
     * bug 8 every create takes 1.2 s, so that work is still in flight when the rate limiter's
     * one-second Resume arrives during the cancel. The Canceling check gets the same: whatever is in
     * flight when it cancels must still be in flight when it next reads the status, or an idle
     * machine finishes the fast creates first and the cancel goes straight to Canceled. Bug 7 (orphans of a
     * cancelled apply) too: with only instances slow, a cancel could find nothing but instances in flight and the
     * orphan window close before it (seen once in a smoke run).
     */
    private static String faults(RegressionCheck check) {
        if (!check.id().startsWith("bug-8")
                && !check.id().startsWith("bug-7")
                && !check.id().equals("enhancement-canceling-state")) {
            return SLOW_INSTANCES;
        }
        String all = environment.countsByType().keySet().stream()
                .map(type -> "\"" + type + "\":{\"create\":1200,\"delete\":200}")
                .collect(Collectors.joining(","));
        return "{\"latencyMs\":{" + all + "}}";
    }

    @TestFactory
    @DisplayName("catches each bug with its switch on and passes with every switch off")
    Stream<DynamicContainer> every_check_catches_its_bug_and_passes_without_it() {
        List<DynamicContainer> containers = new ArrayList<>();
        for (RegressionCheck check : RegressionChecks.all(PATIENCE)) {
            List<DynamicTest> tests = new ArrayList<>();
            if (!check.bugSwitches().isEmpty()) {
                tests.add(DynamicTest.dynamicTest(
                        "fails with " + String.join(" + ", check.bugSwitches()) + " on, naming the symptom",
                        () -> assertCaught(CELLS.get(key(check, true)))));
            }
            tests.add(DynamicTest.dynamicTest(
                    "passes with every switch off", () -> assertPassed(CELLS.get(key(check, false)))));
            containers.add(DynamicContainer.dynamicContainer(check.displayName(), tests));
        }
        return containers.stream();
    }

    private static void assertCaught(Cell cell) {
        assertThat(cell.failure())
                .as(
                        "%s with %s on must fail with the symptom",
                        cell.check().id(), cell.check().bugSwitches())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting")
                .hasMessageContaining(SYMPTOMS.get(cell.check().id()));
        System.out.println("[matrix] " + cell.check().id() + " caught in "
                + cell.took().toSeconds() + " s: " + cell.failure().getMessage().replace('\n', ' '));
    }

    private static void assertPassed(Cell cell) throws Throwable {
        if (cell.failure() != null) {
            throw cell.failure();
        }
    }

    @AfterAll
    static void write_the_matrix() throws IOException {
        List<String> lines = new ArrayList<>();
        for (RegressionCheck check : RegressionChecks.all(PATIENCE)) {
            Cell on = CELLS.get(key(check, true));
            Cell off = CELLS.get(key(check, false));
            String bugOn = on == null
                    ? "n/a"
                    : on.failure() instanceof AssertionError
                                    && on.failure().getMessage().contains("Expecting")
                                    && on.failure().getMessage().contains(SYMPTOMS.get(check.id()))
                            ? "caught"
                            : "missed";
            String bugOff = off != null && off.failure() == null ? "pass" : "fail";
            lines.add("check=" + check.id() + " switch="
                    + (check.bugSwitches().isEmpty() ? "none" : String.join("+", check.bugSwitches())) + " bug_on="
                    + bugOn + " bug_off=" + bugOff);
        }
        Path out = Path.of("target", "regression-matrix.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    /** Merges faults into the simulated cloud ({@code POST /cloud/v1/faults}, see mock-formae's CLOUD-API.md). */
    private static void setFaults(java.net.URI cloud, String faultsJson) {
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(cloud + "/cloud/v1/faults"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(faultsJson))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "POST /cloud/v1/faults answered " + response.statusCode() + ": " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

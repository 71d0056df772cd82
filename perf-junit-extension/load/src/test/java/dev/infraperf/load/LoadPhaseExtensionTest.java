package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.reports.model.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs small fixture classes through the JUnit engine and checks events and exact messages. */
class LoadPhaseExtensionTest {

    private static final java.nio.file.Path RESULTS = createResultsDir();

    private static java.nio.file.Path createResultsDir() {
        try {
            return java.nio.file.Files.createTempDirectory("load-extension-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Answers at once. */
    private static final StubServer FAST = stub(0);
    /** Answers every request after 30 ms. */
    private static final StubServer SLOW = stub(30);

    private static StubServer stub(long delayMillis) {
        try {
            StubServer server = new StubServer();
            server.delayMillis = delayMillis;
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopStubs() {
        FAST.close();
        SLOW.close();
    }

    /** A fixture whose target is the 30 ms stub. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Slow {}

    private static Events run(Class<?> fixture) {
        StubServer target = fixture.isAnnotationPresent(Slow.class) ? SLOW : FAST;
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(LoadTarget.URL_KEY, target.uri().toString())
                .configurationParameter("perf.load.progress", "false")
                .configurationParameter("perf.results.dir", RESULTS.toString())
                .selectors(selectClass(fixture))
                .execute()
                .testEvents();
    }

    private static void failsWith(Class<?> fixture, String expected) {
        run(fixture)
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                finishedWithFailure(instanceOf(ConfigurationException.class), message(expected))));
    }

    /** A one-task user for the fixtures. */
    static final class HealthUser extends VirtualUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.constant(Duration.ofMillis(20));
        }

        @Task
        void health() {
            http().get("/health").name("/health").send();
        }
    }

    static class NegativeUsers {
        @Test
        @LoadPhase(name = "high", users = -1, duration = "1s", user = HealthUser.class)
        void test() {}
    }

    @Test
    void negative_users_fail_naming_annotation_attribute_value_and_accepted_form() {
        failsWith(
                NegativeUsers.class,
                "[-1] is not valid for @LoadPhase(name=\"high\").users; use a number of users >= 1 (closed model), or"
                        + " rate = <tasks per second> instead (open model)");
    }

    static class WordyDuration {
        @Test
        @LoadPhase(name = "high", users = 5, duration = "5 minutes", user = HealthUser.class)
        void test() {}
    }

    @Test
    void a_duration_in_words_fails_with_the_accepted_grammar() {
        failsWith(
                WordyDuration.class,
                "[5 minutes] is not a duration for @LoadPhase(name=\"high\").duration; use <number>(ms|s|m|h) or"
                        + " ISO-8601 like PT5M");
    }

    static class ZeroSpawnRate {
        @Test
        @LoadPhase(name = "high", users = 5, spawnRate = 0, duration = "1s", user = HealthUser.class)
        void test() {}
    }

    @Test
    void a_zero_spawn_rate_fails() {
        failsWith(
                ZeroSpawnRate.class,
                "[0.0] is not valid for @LoadPhase(name=\"high\").spawnRate; use users started per second > 0, e.g."
                        + " spawnRate = 5");
    }

    static class UsersAndRate {
        @Test
        @LoadPhase(name = "high", users = 10, rate = 100, duration = "1s", user = HealthUser.class)
        void test() {}
    }

    @Test
    void users_and_rate_together_fail() {
        failsWith(
                UsersAndRate.class,
                "@LoadPhase(name=\"high\") sets both users = 10 and rate = 100.0; use users for a closed model or rate"
                        + " for an open model, not both");
    }

    static final class NoTasks extends VirtualUser {}

    static class UserWithoutTasks {
        @Test
        @LoadPhase(users = 1, duration = "1s", user = NoTasks.class)
        void test() {}
    }

    @Test
    void a_user_class_without_tasks_fails() {
        failsWith(
                UserWithoutTasks.class,
                "[dev.infraperf.load.LoadPhaseExtensionTest$NoTasks] is not valid for @LoadPhase #1.user:"
                        + " dev.infraperf.load.LoadPhaseExtensionTest$NoTasks declares no @Task method; annotate at"
                        + " least one method with @Task");
    }

    static final AtomicReference<LoadResult> INJECTED = new AtomicReference<>();

    static class TwoPhases {
        @Test
        @LoadPhase(name = "low", users = 1, duration = "1s", user = HealthUser.class)
        @LoadPhase(name = "high", users = 4, spawnRate = 100, duration = "1s", user = HealthUser.class)
        void test(LoadResult result, ResolvedTarget target) {
            INJECTED.set(result);
            assertThat(result.phase("high")).p99().isLessThan(Duration.ofSeconds(1));
            assertThat(result.phase("high")).successRate().isGreaterThan(0.99);
            assertThat(target.uri()).isEqualTo(FAST.uri());
            assertThat(target.resolutions().get(0)).endsWith(" from " + LoadTarget.URL_KEY);
        }
    }

    @Test
    void phases_run_in_order_against_the_configured_target_and_their_results_are_injected() {
        run(TwoPhases.class).assertThatEvents().haveExactly(1, event(test(), finishedSuccessfully()));

        LoadResult result = INJECTED.get();
        assertThat(result.phases()).extracting(PhaseResult::name).containsExactly("low", "high");
        assertThat(result.phase("low").model().startedAt())
                .isBefore(result.phase("high").model().startedAt());
        assertThat(result.phase("high").issued())
                .isGreaterThan(result.phase("low").issued());
        assertThat(result.phase("high").verdicts())
                .extracting(v -> v.metric())
                .containsExactly("P50 latency", "P99 latency", "Success rate", "Throughput");
        assertThat(result.verdictTable()).contains("high").contains("Good");
    }

    @Slow
    @dev.infraperf.load.Thresholds(p50 = "1ms", p50Critical = "2ms", p99 = "1ms", p99Critical = "3ms")
    static class TooSlow {
        @Test
        @LoadPhase(name = "slow", users = 2, duration = "1s", user = SlowUser.class)
        void test() {}
    }

    /** Posts to /webhook, which the slow stub delays.  */
    static final class SlowUser extends VirtualUser {
        @Task
        void webhook() {
            // unique ids: the mock answers duplicates from its dedup store without the processing latency
            String id = java.util.UUID.randomUUID().toString();
            http().post("/webhook")
                    .json("{\"test_id\":\"" + id + "\",\"resource_arn\":\"arn:aws:s3:::" + id + "\"}")
                    .send();
        }
    }

    @Test
    void all_critical_breaches_of_a_phase_are_reported_together_in_assertj_shape() {
        Events events = run(TooSlow.class);
        events.assertThatEvents()
                .haveExactly(
                        1, event(test(), finishedWithFailure(instanceOf(org.opentest4j.MultipleFailuresError.class))));
        String message = events.failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow()
                .getMessage();
        assertThat(message)
                .startsWith("Load thresholds breached in 1 phase of test(): \"slow\" (closed: 2 users @ 1/s for 1s)"
                        + " (2 failures)")
                .contains("[Phase \"slow\": P50 latency (raw) is Critical] ")
                .contains("Expecting actual:")
                .contains("to be less than or equal to:" + System.lineSeparator() + "  2ms")
                .contains("[Phase \"slow\": P99 latency (raw) is Critical] ")
                .contains("to be less than or equal to:" + System.lineSeparator() + "  3ms");
    }

    @Slow
    @dev.infraperf.load.Thresholds(
            p50 = "1ms",
            p50Critical = "10s",
            p99 = "",
            p99Critical = "",
            failOn = Level.CRITICAL)
    static class OnlyWarning {
        @Test
        @LoadPhase(name = "warn", users = 1, duration = "1s", user = SlowUser.class)
        void test(PhaseResult phase) {
            assertThat(phase.breaches()).extracting(b -> b.level()).containsExactly(Level.WARNING);
        }
    }

    @Test
    void a_warning_does_not_fail_the_test_when_failOn_is_critical() {
        run(OnlyWarning.class).assertThatEvents().haveExactly(1, event(test(), finishedSuccessfully()));
    }

    @Slow
    @dev.infraperf.load.Thresholds(p50 = "1ms", p50Critical = "10s", p99 = "", p99Critical = "", failOn = Level.WARNING)
    static class WarningFails {
        @Test
        @LoadPhase(name = "warn", users = 1, duration = "1s", user = SlowUser.class)
        void test() {}
    }

    @Test
    void a_warning_fails_the_test_when_failOn_is_warning() {
        run(WarningFails.class)
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                finishedWithFailure(
                                        instanceOf(AssertionError.class),
                                        message(m -> m.contains("P50 latency (raw) is Warning")
                                                && m.contains(
                                                        "to be less than:" + System.lineSeparator() + "  1ms")))));
    }
}

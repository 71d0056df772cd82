package dev.infraperf.formae;

import static dev.infraperf.checks.FormaeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.config.ConfigurationException;
import dev.infraperf.environment.GeneratedEnvironment;
import dev.infraperf.environment.ResourceCount;
import dev.infraperf.mock.formae.provider.MockFormae;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@DisplayName("@FormaeCycle")
class FormaeCycleExtensionTest {

    @Test
    void gives_the_test_a_session_and_the_cloud_and_cleans_up_after_it() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ApplyDestroyFixture.class))
                .configurationParameter("perf.resourceScale", "1")
                .execute()
                .testEvents();

        events.assertStatistics(s -> s.started(1).succeeded(1));
        Map<String, String> entries = events.reportingEntryPublished().stream()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).stream())
                .flatMap(r -> r.getKeyValuePairs().entrySet().stream())
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
        assertThat(entries.get("formae.agent")).startsWith("Formae agent: mock-formae started at http://127.0.0.1:");
        assertThat(entries.get("formae.cloud")).startsWith("Cloud: mock-formae simulated cloud at");
    }

    @Test
    void without_a_resource_count_the_test_fails_naming_the_missing_annotation() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NoCountFixture.class))
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("needs_a_count"),
                                finishedWithFailure(
                                        instanceOf(ConfigurationException.class),
                                        message(m ->
                                                m.startsWith("No @ResourceCount on NoCountFixture.needs_a_count")))));
    }

    @ResourceCount(30)
    @FormaeCycle(report = false, awaitTimeout = "2m")
    @MockFormae(rateLimit = 0, cloudLatencyScale = 0.01)
    static class ApplyDestroyFixture {
        @Test
        void apply_and_destroy(FormaeSession session, GeneratedEnvironment env, CloudAudit cloud) {
            assertThat(session.applyAndAwait()).isInState(CommandState.SUCCESS);
            assertThat(cloud.resourcesOf(env.envId())).hasSize(env.total());
            assertThat(session.destroyAndAwait()).hasSuccessRateAtLeast(1.0);
            assertThat(cloud).hasNoResourcesTaggedWith(env.envId());
        }
    }

    @FormaeCycle(report = false)
    static class NoCountFixture {
        @Test
        void needs_a_count(FormaeSession session) {}
    }
}

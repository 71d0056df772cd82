package dev.infraperf.load;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.infraperf.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code perf.load.workers} without infra-perf-distributed on the classpath fails before any load. */
class WorkersWithoutDistributedTest {

    /** One GET per task. */
    public static final class HealthUser extends VirtualUser {
        @Task
        void health() {
            http().get("/health").send();
        }
    }

    static class OnePhase {
        @Test
        @LoadPhase(name = "p", users = 1, duration = "1s", user = HealthUser.class)
        void test() {}
    }

    @Test
    void asking_for_workers_without_the_distributed_artifact_fails_naming_the_key_and_the_artifact() throws Exception {
        try (StubServer target = new StubServer()) {
            EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(LoadTarget.URL_KEY, target.uri().toString())
                    .configurationParameter("perf.load.progress", "false")
                    .configurationParameter("perf.load.workers", "3")
                    .selectors(selectClass(OnePhase.class))
                    .execute()
                    .testEvents()
                    .assertThatEvents()
                    .haveExactly(
                            1,
                            event(
                                    test(),
                                    finishedWithFailure(
                                            instanceOf(ConfigurationException.class),
                                            message("perf.load.workers=3 (from JUnit configuration parameter"
                                                    + " perf.load.workers) asks for distributed load, but no"
                                                    + " dispatcher is on the test classpath; add"
                                                    + " dev.infraperf:infra-perf-distributed (test scope) or unset"
                                                    + " perf.load.workers"))));
        }
    }
}

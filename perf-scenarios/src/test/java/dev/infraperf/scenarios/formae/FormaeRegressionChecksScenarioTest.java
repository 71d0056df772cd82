package dev.infraperf.scenarios.formae;

import dev.infraperf.checks.RegressionCheck;
import dev.infraperf.checks.RegressionChecks;
import dev.infraperf.environment.Region;
import dev.infraperf.environment.ResourceCount;
import dev.infraperf.formae.FormaeCycle;
import dev.infraperf.formae.FormaeSession;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every regression check of the plan (bugs 1 to 8, the Canceling enhancement, the verified
 * behaviours) against the configured agent, one cycle each. Against the embedded mock-formae with no
 * switch on they all pass; point {@code perf.formae.url} or {@code perf.formae.binary} at a real
 * agent to check it.
 */
@Tag("perf")
@Region("us-east-2")
@FormaeCycle
@DisplayName("Formae regression checks")
class FormaeRegressionChecksScenarioTest {

    static Stream<Named<RegressionCheck>> checks() {
        return RegressionChecks.all(Duration.ofSeconds(60)).stream().map(c -> Named.of(c.displayName(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    @ResourceCount(2000)
    void the_agent_passes(RegressionCheck check, FormaeSession session) {
        RegressionChecks.run(check, session);
    }
}

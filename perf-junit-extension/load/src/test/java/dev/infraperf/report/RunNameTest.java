package dev.infraperf.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;

class RunNameTest {

    static final List<String> NAMES = new CopyOnWriteArrayList<>();

    static final class Capture implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            NAMES.add(RunReport.runName(context));
        }
    }

    @ExtendWith(Capture.class)
    static class Tests {
        @Test
        void plain() {}

        @ParameterizedTest
        @ValueSource(ints = {200, 750})
        void applies(int resources) {}

        @RepeatedTest(2)
        void repeated() {}
    }

    @Test
    void a_plain_test_is_its_method_and_each_invocation_adds_its_display_name_so_no_two_share_a_run() {
        NAMES.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Tests.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(5));

        assertThat(NAMES)
                .containsExactlyInAnyOrder(
                        "plain",
                        "applies [1] resources=200",
                        "applies [2] resources=750",
                        "repeated repetition 1 of 2",
                        "repeated repetition 2 of 2");
        assertThat(NAMES.stream().map(dev.infraperf.reports.model.RunResult::safeName))
                .contains("applies_1_resources_200", "repeated_repetition_1_of_2");
    }
}

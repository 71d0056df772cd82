package dev.infraperf.parts;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

class MissingPartSkipsTest {

    @Test
    void a_test_whose_part_cannot_be_resolved_is_reported_as_skipped_with_the_reason() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsAnUnavailablePart.class))
                .configurationParameter("junit.jupiter.conditions.deactivate", "*")
                .execute()
                .testEvents()
                .assertStatistics(
                        stats -> stats.started(1).aborted(1).succeeded(0).failed(0));
    }

    @Test
    void the_abort_reason_lists_why_each_candidate_did_not_apply() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsAnUnavailablePart.class))
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("uses_the_part"),
                                abortedWithReason(message("Widget: none available (no WIDGET_URL; no Docker)"))));
    }

    static class NeedsAnUnavailablePart {
        @Test
        void uses_the_part() {
            PartResolver.<String>of("Widget")
                    .candidate(() -> PartCandidate.Attempt.absent("no WIDGET_URL"))
                    .candidate(() -> PartCandidate.Attempt.absent("no Docker"))
                    .resolve();
        }
    }
}

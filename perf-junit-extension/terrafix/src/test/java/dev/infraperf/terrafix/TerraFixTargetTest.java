package dev.infraperf.terrafix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;

import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.LoadResult;
import dev.infraperf.load.ResolvedTarget;
import dev.infraperf.load.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

@DisplayName("@TerraFix")
class TerraFixTargetTest {

    static final AtomicReference<ResolvedTarget> TARGET = new AtomicReference<>();
    static final AtomicReference<LoadResult> RESULT = new AtomicReference<>();

    /** Submits one unique failure per task. */
    public static final class SubmitUser extends TerraFixUser {
        @Task
        void submit() {
            submitFailure(FailurePayloads.failureJson("small"), "/webhook");
        }
    }

    @TerraFix(latency = "0ms", redis = false)
    static class Embedded {
        @Test
        @LoadPhase(name = "smoke", users = 2, spawnRate = 100, duration = "1s", user = SubmitUser.class)
        void test(LoadResult result, ResolvedTarget target) {
            RESULT.set(result);
            TARGET.set(target);
        }
    }

    @Test
    void without_a_url_the_mock_is_found_through_its_provider_and_started_on_loopback(@TempDir Path results)
            throws Exception {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("perf.load.progress", "false")
                .configurationParameter("perf.results.dir", results.toString())
                .selectors(selectClass(Embedded.class))
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(1, event(test(), finishedSuccessfully()));

        ResolvedTarget target = TARGET.get();
        assertThat(target.name()).isEqualTo("TerraFix");
        assertThat(target.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(target.resolutions().get(0))
                .startsWith("TerraFix: mock-terrafix started on http://127.0.0.1:")
                .contains("latency 0ms")
                .endsWith("(no perf.terrafix.url)");
        assertThat(target.resolutions())
                .anyMatch(line -> line.startsWith("Redis: not used (@TerraFix(redis = false))"));
        var phase = RESULT.get().phase("smoke");
        assertThat(phase.issued()).isPositive();
        assertThat(phase.successRate()).isEqualTo(1.0);
        try (var dirs = Files.list(results)) {
            Path run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(Files.readString(run.resolve("experiment_summary.html"))).contains("TerraFix");
        }
    }
}

package dev.infraperf.scenarios.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.LoadResult;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Thresholds;
import dev.infraperf.terrafix.TerraFix;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The load testing guide's throughput experiment: 5, 20, 50 and 100 {@link ThroughputUser}s for 3, 5, 5 and 5
 * minutes (spawn rates 1, 2, 5, 10 as the original {@code EXPERIMENTS} table), judged against the guide's thresholds,
 * with the bottleneck (where throughput stops growing with users) reported.
 */
@Tag("perf")
@TerraFix(latency = "50ms")
@Thresholds
class ThroughputExperiment {

    @Test
    @DisplayName("Throughput grows with users up to the bottleneck, within the guide's thresholds")
    @LoadPhase(name = "throughput_baseline", users = 5, spawnRate = 1, duration = "3m", user = ThroughputUser.class)
    @LoadPhase(name = "throughput_medium", users = 20, spawnRate = 2, duration = "5m", user = ThroughputUser.class)
    @LoadPhase(name = "throughput_high", users = 50, spawnRate = 5, duration = "5m", user = ThroughputUser.class)
    @LoadPhase(name = "throughput_max", users = 100, spawnRate = 10, duration = "5m", user = ThroughputUser.class)
    void throughput(LoadResult result) {
        for (PhaseResult phase : result.phases()) {
            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.requests().keySet())
                    .as("phase %s runs only ThroughputUser", phase.name())
                    .allMatch(name -> name.endsWith("[throughput]"));
        }
        System.out.println("[throughput] bottleneck: "
                + result.bottleneck().map(b -> b.summary()).orElse("none identified"));
    }
}

package dev.infraperf.scenarios.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.LoadResult;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Thresholds;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFix;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The load testing guide's scalability experiment: small, medium and large repositories (10 users each, 3 min, the
 * size fixed per phase, which the original never did) and a mixed phase (15 users, 5 min, size drawn per request).
 * Reports the median latency per repository size.
 */
@Tag("perf")
@TerraFix(latency = "50ms")
@Thresholds
class ScalabilityExperiment {

    @Test
    @DisplayName("Latency is reported per repository size and stays within the guide's thresholds")
    @LoadPhase(
            name = "scalability_small",
            users = 10,
            spawnRate = 2,
            duration = "3m",
            user = ScalabilityUser.Small.class)
    @LoadPhase(
            name = "scalability_medium",
            users = 10,
            spawnRate = 2,
            duration = "3m",
            user = ScalabilityUser.Medium.class)
    @LoadPhase(
            name = "scalability_large",
            users = 10,
            spawnRate = 2,
            duration = "3m",
            user = ScalabilityUser.Large.class)
    @LoadPhase(name = "scalability_mixed", users = 15, spawnRate = 3, duration = "5m", user = ScalabilityUser.class)
    void scalability(LoadResult result) {
        for (String size : FailurePayloads.SIZES) {
            PhaseResult phase = result.phase("scalability_" + size);
            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.requests().keySet()).containsExactly("/webhook [scalability-" + size + "]");
            System.out.println(String.format(
                    Locale.ROOT,
                    "[scalability] %-6s repositories: P50 %.1f ms, P99 %.1f ms over %d requests",
                    size,
                    phase.p50().toNanos() / 1e6,
                    phase.p99().toNanos() / 1e6,
                    phase.issued()));
        }
        PhaseResult mixed = result.phase("scalability_mixed");
        assertThat(mixed).hasBalancedAccounting();
        mixed.requests()
                .forEach((name, stats) -> System.out.println(String.format(
                        Locale.ROOT,
                        "[scalability] mixed %-30s P50 %.1f ms over %d requests",
                        name,
                        stats.corrected().p50Nanos() / 1e6,
                        stats.counts().issued())));
    }
}

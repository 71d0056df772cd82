package dev.infraperf.scenarios.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.LoadResult;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Thresholds;
import dev.infraperf.terrafix.TerraFix;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The load testing guide's resilience experiment: steady state with deduplication (10 {@link ResilienceUser}s, 5
 * min), burst (30 {@link BurstUser}s, 5 min), cascade (50 {@link CascadeUser}s, 10 min) and failures (20 {@link
 * MixedWorkloadUser}s, 5 min, 10% failure injection through {@code /configure}). It reports dedup effectiveness
 * (duplicates answered {@code skipped}), retry success (retried failures that succeeded) and recovery time (from the
 * end of the injection until an interval's success rate is back above 99%).
 *
 * <p>Two phases have their own thresholds: the failures phase its success-rate limits, since a tenth of its single
 * failures fail on purpose (Good above 95%, Critical below 85%); the cascade phase is not judged on its request-rate
 * trend, because its batches grow by design (2 failures at the start, about 2 more per minute), so fewer, larger
 * requests per second are the expected shape, not a decline.
 */
@Tag("perf")
@TerraFix(latency = "50ms")
@Thresholds
class ResilienceExperiment {

    @Test
    @DisplayName("TerraFix deduplicates, absorbs bursts and cascades, and recovers after injected failures")
    @LoadPhase(name = "resilience_steady", users = 10, spawnRate = 2, duration = "5m", user = ResilienceUser.class)
    @LoadPhase(name = "resilience_burst", users = 30, spawnRate = 10, duration = "5m", user = BurstUser.class)
    @LoadPhase(
            name = "resilience_cascade",
            users = 50,
            spawnRate = 5,
            duration = "10m",
            user = CascadeUser.class,
            thresholds = @Thresholds(judgeThroughput = false))
    @LoadPhase(
            name = "resilience_failures",
            users = 20,
            spawnRate = 4,
            duration = "5m",
            user = MixedWorkloadUser.class,
            hooks = FailureInjection.class,
            thresholds = @Thresholds(successRate = 0.95, successRateCritical = 0.85))
    void resilience(LoadResult result) {
        result.phases().forEach(p -> assertThat(p).hasBalancedAccounting());

        PhaseResult steady = result.phase("resilience_steady");
        long duplicates = steady.issued(ResilienceUser.DUPLICATE);
        long skipped = steady.requests().containsKey(ResilienceUser.DUPLICATE)
                ? steady.requests().get(ResilienceUser.DUPLICATE).counts().succeeded()
                : 0;
        double dedup = duplicates == 0 ? Double.NaN : (double) skipped / duplicates;

        PhaseResult failures = result.phase("resilience_failures");
        long retries = failures.issued(MixedWorkloadUser.RETRY);
        long retried = failures.requests().containsKey(MixedWorkloadUser.RETRY)
                ? failures.requests().get(MixedWorkloadUser.RETRY).counts().succeeded()
                : 0;
        Duration injectionEnd = failures.mark(FailureInjection.ENDED).orElseThrow();
        Optional<Duration> recovery = failures.recoveryTime(injectionEnd, 0.99);

        System.out.println(String.format(
                Locale.ROOT,
                "[resilience] dedup effectiveness: %d of %d exact duplicates answered skipped (%.1f%%)%n"
                        + "[resilience] retry success: %d of %d retried failures succeeded (%.1f%%)%n"
                        + "[resilience] recovery time after failure injection ended at %s: %s",
                skipped,
                duplicates,
                dedup * 100,
                retried,
                retries,
                retries == 0 ? 0.0 : 100.0 * retried / retries,
                injectionEnd,
                recovery.map(Duration::toString).orElse("not back above 99% before the phase ended")));

        assertThat(duplicates).as("exact duplicates sent in the steady phase").isPositive();
        assertThat(dedup).as("share of exact duplicates answered skipped").isGreaterThanOrEqualTo(0.99);
        assertThat(result.phase("resilience_steady").failuresPerClass().get("status"))
                .as("HTTP 500s before failures were injected")
                .isZero();

        // Whether the injection reached the server at all. No 500 with too few single failures sent while it ran (a
        // run scaled down by perf.timeScale) is likely by chance: the check could not tell, so it is inconclusive.
        long injected = failures.failuresPerClass().getOrDefault("status", 0L);
        long exposed = failures.issued(MixedWorkloadUser.STEADY)
                * Math.min(injectionEnd.toNanos(), failures.elapsed().toNanos())
                / Math.max(1, failures.elapsed().toNanos());
        Assumptions.assumeTrue(
                injected > 0 || exposed >= MIN_EXPOSED,
                () -> "inconclusive: no HTTP 500 from the injection, and only about " + exposed
                        + " single failures were sent while " + (int) (FailureInjection.RATE * 100)
                        + "% were injected, fewer than the " + MIN_EXPOSED
                        + " that make no 500 by chance unlikely (< 0.1%); run it at a larger perf.timeScale");
        assertThat(injected)
                .as(
                        "HTTP 500s from the failures injected through /configure (about %d single failures sent during"
                                + " the injection)",
                        exposed)
                .isPositive();
    }

    /** Single failures sent during the injection for no 500 to be unlikely by chance: (1 - rate)^n < 0.001 (66). */
    static final int MIN_EXPOSED = (int) Math.ceil(Math.log(0.001) / Math.log(1 - FailureInjection.RATE));
}

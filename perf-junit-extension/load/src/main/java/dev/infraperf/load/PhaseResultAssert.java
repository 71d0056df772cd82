package dev.infraperf.load;

import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractDoubleAssert;
import org.assertj.core.api.AbstractDurationAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.Assertions;

/**
 * AssertJ assertions on a {@link PhaseResult}: {@code assertThat(result.phase("high")).p99().isLessThan(
 * Duration.ofSeconds(1))}. Each navigation method describes its value (phase, metric, whether corrected) so a failure
 * reads on its own.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PhaseResultAssert extends AbstractAssert<PhaseResultAssert, PhaseResult> {

    PhaseResultAssert(PhaseResult actual) {
        super(actual, PhaseResultAssert.class);
    }

    public AbstractDurationAssert<?> p50() {
        return latency("P50", actual.p50());
    }

    public AbstractDurationAssert<?> p95() {
        return latency("P95", actual.p95());
    }

    public AbstractDurationAssert<?> p99() {
        return latency("P99", actual.p99());
    }

    /** Succeeded / issued, 0-1. */
    public AbstractDoubleAssert<?> successRate() {
        isNotNull();
        return Assertions.assertThat(actual.successRate())
                .as(
                        "success rate of phase \"%s\" (%d of %d succeeded)",
                        actual.name(), actual.succeeded(), actual.issued());
    }

    /** Completed requests per second. */
    public AbstractDoubleAssert<?> throughput() {
        isNotNull();
        return Assertions.assertThat(actual.throughput()).as("throughput of phase \"%s\" in req/s", actual.name());
    }

    public AbstractLongAssert<?> timedOut() {
        isNotNull();
        return Assertions.assertThat(actual.timedOut()).as("timed-out requests of phase \"%s\"", actual.name());
    }

    /** Verifies that {@code issued = succeeded + failed + timedOut + dropped}. */
    public PhaseResultAssert hasBalancedAccounting() {
        isNotNull();
        long sum = actual.succeeded() + actual.failed() + actual.timedOut() + actual.dropped();
        if (sum != actual.issued()) {
            failWithMessage(
                    "%nExpecting issued requests of phase \"%s\":%n  %d%nto equal succeeded + failed + timed out +"
                            + " dropped:%n  %d",
                    actual.name(), actual.issued(), sum);
        }
        return this;
    }

    /** Verifies that no metric reached {@code failOn} of the phase's thresholds. */
    public PhaseResultAssert hasNoFailingBreaches() {
        isNotNull();
        if (!actual.failingBreaches().isEmpty()) {
            failWithMessage(
                    "%nExpecting phase \"%s\" to meet its thresholds, but:%n%s",
                    actual.name(),
                    actual.failingBreaches().stream()
                            .map(b -> b.message())
                            .collect(Collectors.joining(System.lineSeparator())));
        }
        return this;
    }

    private AbstractDurationAssert<?> latency(String percentile, java.time.Duration value) {
        isNotNull();
        boolean corrected = actual.corrected().correctedForCoordinatedOmission();
        return Assertions.assertThat(value)
                .as(
                        "%s latency of phase \"%s\" (%s)",
                        percentile,
                        actual.name(),
                        corrected ? "corrected for coordinated omission" : "raw, closed model without pacing");
    }
}

package dev.infraperf.load;

import org.apiguardian.api.API;

/**
 * Entry point of the load assertions, for code that does not use AssertJ's {@code assertThat(AssertProvider)}:
 * {@code LoadAssertions.assertThat(result.phase("high")).successRate().isGreaterThan(0.99)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LoadAssertions {
    private LoadAssertions() {}

    public static PhaseResultAssert assertThat(PhaseResult actual) {
        return new PhaseResultAssert(actual);
    }
}

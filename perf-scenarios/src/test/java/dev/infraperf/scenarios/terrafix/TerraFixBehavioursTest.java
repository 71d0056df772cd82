package dev.infraperf.scenarios.terrafix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.infraperf.load.LoadEngine;
import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.PhaseResult;
import dev.infraperf.load.Thresholds;
import dev.infraperf.load.VirtualUser;
import dev.infraperf.load.WaitTime;
import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.terrafix.FailurePayloads;
import dev.infraperf.terrafix.TerraFix;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each TerraFix behaviour sends the original's request mix. The behaviours run without their waits (subclasses that
 * only override the wait time, so tasks and weights are the real ones) against {@link TerraFixStub} to collect
 * thousands of tasks in seconds; one phase also runs against the embedded mock-terrafix to check its dedup answers.
 */
@TerraFix(latency = "0ms", redis = false)
@Thresholds(p50Critical = "", p99Critical = "", successRateCritical = 0, judgeThroughput = false)
class TerraFixBehavioursTest {

    private static final Duration PHASE = Duration.ofSeconds(2);
    private static TerraFixStub stub;

    @BeforeAll
    static void startStub() throws Exception {
        stub = new TerraFixStub();
        // unmeasured: payload generation (Jackson) and both ends of the connection are cold in a new JVM
        LoadEngine.run(stub.uri(), LoadEngine.Phase.closed("warm-up", 4, 100, Duration.ofSeconds(1), FastBurst.class));
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    static final class FastThroughput extends ThroughputUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.none();
        }
    }

    static final class FastBurst extends BurstUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.none();
        }
    }

    static final class FastResilience extends ResilienceUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.none();
        }
    }

    static final class FastScalability extends ScalabilityUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.none();
        }
    }

    static final class FastCascade extends CascadeUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.none();
        }
    }

    static final class FastMixed extends MixedWorkloadUser {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.none();
        }
    }

    private static final int USERS = 4;

    private static PhaseResult run(String name, Class<? extends VirtualUser> user) {
        PhaseResult phase = LoadEngine.run(stub.uri(), LoadEngine.Phase.closed(name, USERS, 100, PHASE, user));
        assertThat(phase).hasBalancedAccounting();
        assertThat(phase.taskErrors()).as("task errors of phase %s", name).isEmpty();
        assertThat(phase.issued()).as("requests of phase %s", name).isGreaterThan(150);
        assertThat(phase.failed()).as("failed requests of phase %s", name).isZero();
        return phase;
    }

    /** Four standard deviations of a share {@code p} estimated from {@code n} draws, plus half a point. */
    private static Offset<Double> tolerance(double p, long n) {
        return within(4 * Math.sqrt(p * (1 - p) / n) + 0.005);
    }

    private static double share(PhaseResult phase, String prefix, long total) {
        long n = phase.requests().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().counts().issued())
                .sum();
        return (double) n / total;
    }

    @Test
    @DisplayName("ThroughputUser sends ten webhooks to one health check")
    void throughput_mix() {
        PhaseResult p = run("throughput", FastThroughput.class);
        assertThat(p.requests().keySet()).containsExactlyInAnyOrder("/webhook [throughput]", "/health [throughput]");
        assertThat(share(p, "/webhook", p.issued())).isCloseTo(10.0 / 11, tolerance(10.0 / 11, p.issued()));
    }

    @Test
    @DisplayName("BurstUser sends three webhooks to seven batches of 5 to 20 failures")
    void burst_mix() {
        PhaseResult p = run("burst", FastBurst.class);
        assertThat(share(p, "/webhook [burst]", p.issued())).isCloseTo(0.3, tolerance(0.3, p.issued()));
        assertThat(p.requests().keySet())
                .filteredOn(name -> name.startsWith("/batch["))
                .isNotEmpty()
                .allSatisfy(name -> {
                    assertThat(name).endsWith("] [burst]");
                    int n = Integer.parseInt(name.substring("/batch[".length(), name.indexOf(']')));
                    assertThat(n).isBetween(5, 20);
                });
    }

    @Test
    @DisplayName("ResilienceUser sends 20% exact duplicates, all answered skipped")
    void resilience_mix() {
        PhaseResult p = run("resilience", FastResilience.class);
        assertThat(share(p, ResilienceUser.DUPLICATE, p.issued())).isCloseTo(0.2, tolerance(0.2, p.issued()));
        EndpointStats duplicates = p.requests().get(ResilienceUser.DUPLICATE);
        // a duplicate not answered skipped would be a validation failure; only requests cut off at the end time out
        assertThat(duplicates.counts().failed()).isZero();
        assertThat(duplicates.counts().succeeded())
                .isGreaterThanOrEqualTo(duplicates.counts().issued() - 4);
    }

    @Test
    @DisplayName("ScalabilityUser draws small, medium and large repositories equally; the fixed variants keep one")
    void scalability_mix() {
        PhaseResult p = run("scalability", FastScalability.class);
        for (String size : FailurePayloads.SIZES) {
            assertThat(share(p, "/webhook [scalability-" + size + "]", p.issued()))
                    .isCloseTo(1.0 / 3, tolerance(1.0 / 3, p.issued()));
        }
        assertThat(p.requests()).hasSize(3);
        PhaseResult large = LoadEngine.run(
                stub.uri(), LoadEngine.Phase.closed("large", 2, 100, Duration.ofMillis(500), FastLarge.class));
        assertThat(large.requests().keySet()).containsExactly("/webhook [scalability-large]");
    }

    static final class FastLarge extends ScalabilityUser.Large {
        @Override
        protected WaitTime waitTime() {
            return WaitTime.none();
        }
    }

    @Test
    @DisplayName("CascadeUser sends batches that start at two failures")
    void cascade_mix() {
        PhaseResult p = run("cascade", FastCascade.class);
        assertThat(p.requests().keySet()).containsExactly("/batch [cascade-2]");
    }

    @Test
    @DisplayName("MixedWorkloadUser weighs steady webhooks, batches of 3, 10, 25 and health checks 60:20:10:5:5")
    void mixed_mix() {
        PhaseResult p = run("mixed", FastMixed.class);
        long tasks = p.issued() - p.issued("/status [mixed]");
        assertThat(share(p, MixedWorkloadUser.STEADY, tasks)).isCloseTo(0.60, tolerance(0.60, tasks));
        assertThat(share(p, "/batch[3] [mixed]", tasks)).isCloseTo(0.20, tolerance(0.20, tasks));
        assertThat(share(p, "/batch[10] [mixed]", tasks)).isCloseTo(0.10, tolerance(0.10, tasks));
        assertThat(share(p, "/batch[25] [mixed]", tasks)).isCloseTo(0.05, tolerance(0.05, tasks));
        assertThat(share(p, "/health [mixed]", tasks)).isCloseTo(0.05, tolerance(0.05, tasks));
        // Every health task asks /health then /status; a task of each of the 4 users may be cut between the two at the
        // phase's end, so /status trails /health by at most the user count.
        assertThat(p.issued("/status [mixed]"))
                .isBetween(p.issued("/health [mixed]") - USERS, p.issued("/health [mixed]"));
        assertThat(p.requests()).doesNotContainKey(MixedWorkloadUser.RETRY);
    }

    @Test
    @DisplayName("Against the embedded mock-terrafix, unique failures are processed and exact duplicates skipped")
    @LoadPhase(name = "resilience-on-mock", users = 3, spawnRate = 100, duration = "3s", user = FastResilience.class)
    void resilience_against_the_mock(PhaseResult phase) {
        assertThat(phase).hasBalancedAccounting();
        EndpointStats unique = phase.requests().get(ResilienceUser.UNIQUE);
        assertThat(unique.counts().succeeded()).isPositive();
        assertThat(unique.counts().failed())
                .as("unique failures answered skipped")
                .isZero();
        EndpointStats duplicates = phase.requests().get(ResilienceUser.DUPLICATE);
        if (duplicates != null) {
            assertThat(duplicates.counts().failed())
                    .as("duplicates not answered skipped")
                    .isZero();
        }
    }
}

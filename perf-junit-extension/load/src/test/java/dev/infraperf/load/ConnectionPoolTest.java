package dev.infraperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The keep-alive pool the users of a phase share, checked against a server that counts connections. */
class ConnectionPoolTest {

    private static final ThresholdSpec SPEC = ThresholdSpec.DEFAULT;

    private static PhaseResult run(PhasePlan plan, CountingServer server) throws InterruptedException {
        PhaseRun run = new PhaseRunner(
                        plan.withRequestTimeout(Duration.ofSeconds(2)), server.uri(), TlsTrust.defaults(), null, "t")
                .run();
        assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
        return new PhaseResult(run, Judge.judge(run, SPEC), SPEC.failOn());
    }

    @Test
    @DisplayName("40 paced users share a pool of 3: at most 3 connections, every request accounted for")
    void many_users_share_a_bounded_pool() throws Exception {
        try (CountingServer server = new CountingServer()) {
            PhaseResult phase = run(
                    PhasePlan.closed("pool", 40, 1_000, Duration.ofMillis(1_200), TestUsers.Steady.class)
                            .withConnections(3),
                    server);

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.failed()).isZero();
            assertThat(phase.succeeded()).isEqualTo(server.received()).isGreaterThanOrEqualTo(40);
            assertThat(server.connections()).isBetween(1L, 3L);
            assertThat(phase.notes()).anySatisfy(n -> assertThat(n)
                    .startsWith("connections: a keep-alive pool shared by the users, size 3;"));
        }
    }

    @Test
    @DisplayName("a user waiting between tasks holds no connection: 20 users take turns on a pool of 2")
    void waiting_users_do_not_pin_connections() throws Exception {
        try (CountingServer server = new CountingServer()) {
            // were a connection pinned by its user while it waits, 18 of the 20 users could never send
            PhaseResult phase = run(
                    PhasePlan.closed("sparse", 20, 1_000, Duration.ofMillis(1_500), TestUsers.Steady.class)
                            .withConnections(2),
                    server);

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.failed()).isZero();
            assertThat(phase.timedOut()).isZero();
            assertThat(server.received()).isGreaterThanOrEqualTo(20 * 5);
            assertThat(server.connections()).isBetween(1L, 2L);
        }
    }

    @Test
    @DisplayName("a request still waiting for a connection at the end is a timeout that says it was never sent")
    void requests_waiting_at_the_end_are_never_sent() throws Exception {
        try (CountingServer server = new CountingServer(CountingServer.Fault.HUNG, 0)) {
            // one connection, three users: the first request hangs on it, the other two wait until the hard stop
            PhaseRun run = new PhaseRunner(
                            PhasePlan.closed("waiting", 3, 1_000, Duration.ofMillis(500), TestUsers.Hammer.class)
                                    .withConnections(1)
                                    .withRequestTimeout(Duration.ofSeconds(30)),
                            server.uri(),
                            TlsTrust.defaults(),
                            null,
                            "t")
                    .run();
            assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
            PhaseResult phase = new PhaseResult(run, Judge.judge(run, SPEC), SPEC.failOn());

            assertThat(phase).hasBalancedAccounting();
            assertThat(phase.issued()).isEqualTo(3);
            assertThat(phase.timedOut()).isEqualTo(3);
            assertThat(server.received()).isEqualTo(1);
            // the one in flight was read by the server; the two waiting ones never left, whether the hard stop's
            // interrupt ended their wait or the closing of the pool handed them a closed connection first
            assertThat(phase.failures())
                    .filteredOn(f -> f.message().equals("timeout: cancelled in flight when the phase ended"))
                    .singleElement()
                    .satisfies(f -> assertThat(f.occurrences()).isEqualTo(1));
            assertThat(phase.failures())
                    .filteredOn(f -> !f.message().equals("timeout: cancelled in flight when the phase ended"))
                    .allSatisfy(f -> assertThat(f.message())
                            .startsWith("timeout: cancelled when the phase ended, never sent: "));
            assertThat(CountingServer.neverSent(phase)).isEqualTo(2);
            assertThat(phase.issued() - CountingServer.neverSent(phase)).isEqualTo(server.received());
        }
    }

    @Test
    @DisplayName("the default pool has one connection per user, at most 10,000")
    void default_size() {
        assertThat(PhasePlan.closed("a", 50, 1, Duration.ofSeconds(1), TestUsers.Steady.class)
                        .poolSize())
                .isEqualTo(50);
        assertThat(PhasePlan.closed("b", 100_000, 1, Duration.ofSeconds(1), TestUsers.Steady.class)
                        .poolSize())
                .isEqualTo(ConnectionPool.DEFAULT_MAX);
        assertThat(PhasePlan.open("c", 10, Duration.ofSeconds(1), TestUsers.Steady.class)
                        .withMaxInFlight(64)
                        .poolSize())
                .isEqualTo(64);
    }

    @Test
    @DisplayName("the open model records each arrival's schedule error in its own histogram")
    void open_model_schedule_error() throws Exception {
        try (CountingServer server = new CountingServer()) {
            PhaseResult phase =
                    run(PhasePlan.open("sched", 100, Duration.ofMillis(1_000), TestUsers.Hammer.class), server);

            assertThat(phase).hasBalancedAccounting();
            var error = phase.model().scheduleError();
            assertThat(error).isNotNull();
            // every arrival that started has one value (an arrival cut off at the end started, yet counts as dropped)
            assertThat(error.count()).isBetween(phase.issued() - phase.dropped(), phase.issued());
            assertThat(phase.verdicts()).anySatisfy(v -> assertThat(v.metric()).isEqualTo("Schedule error"));
        }
    }
}

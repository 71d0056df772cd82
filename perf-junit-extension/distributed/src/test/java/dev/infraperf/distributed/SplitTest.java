package dev.infraperf.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SplitTest {

    private static WorkerPlan closed(int users, int connections) {
        WorkerPlan open = KubernetesWorkersTest.plan();
        return new WorkerPlan(
                0,
                1,
                "closed",
                "CLOSED",
                users,
                10,
                0,
                0,
                open.durationNanos(),
                open.userClass(),
                open.requestTimeoutNanos(),
                0,
                connections,
                "SOCKET",
                1,
                open.target(),
                false,
                "",
                0,
                0,
                0);
    }

    private static List<Integer> pools(List<WorkerPlan> shares) {
        return shares.stream().map(WorkerPlan::connections).toList();
    }

    @Test
    @DisplayName("a set pool size is dealt out like the users; the total is what one JVM would open")
    void connectionsAreDealtOut() {
        List<WorkerPlan> shares = Split.shares(closed(10, 5), 2);
        assertThat(pools(shares)).containsExactly(3, 2);
        assertThat(shares).extracting(WorkerPlan::users).containsExactly(5, 5);
        assertThat(pools(Split.shares(closed(12, 12), 3))).containsExactly(4, 4, 4);
    }

    @Test
    @DisplayName("fewer connections than workers: each worker still gets one; no pool size set stays the default")
    void smallAndDefaultPools() {
        assertThat(pools(Split.shares(closed(6, 1), 3))).containsExactly(1, 1, 1);
        assertThat(pools(Split.shares(closed(6, 0), 3))).containsExactly(0, 0, 0);
    }

    @Test
    @DisplayName("the open model deals out the pool size too")
    void openModel() {
        WorkerPlan open = KubernetesWorkersTest.plan();
        WorkerPlan pooled = open.share(0, 1, 0, 0, 20, 20, open.maxInFlight(), 7, 0);
        assertThat(pools(Split.shares(pooled, 2))).containsExactly(4, 3);
    }
}

package example.inventory;

import static dev.infraperf.load.LoadAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.infraperf.load.LoadPhase;
import dev.infraperf.load.LoadResult;
import dev.infraperf.load.LoadTarget;
import dev.infraperf.load.Thresholds;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load-tests a service this test starts itself. The target's URL is known only at run time, so {@code @LoadTarget}
 * names it as {@code ${inventory.url}}; against a deployed service you would write the URL (or pass {@code
 * -Dperf.load.target=https://...}).
 */
@LoadTarget(name = "inventory-service", url = "${inventory.url}", health = "/health")
@Thresholds(p50 = "50ms", p50Critical = "250ms", p99 = "500ms", p99Critical = "2s", successRate = 0.999)
class InventoryServiceLoadTest {

    private static InventoryService service;

    @BeforeAll
    static void startService() throws Exception {
        service = InventoryService.start();
        System.setProperty("inventory.url", service.url());
    }

    @AfterAll
    static void stopService() {
        service.close();
        System.clearProperty("inventory.url");
    }

    @Test
    @LoadPhase(name = "browse", users = 20, spawnRate = 20, duration = "5s", user = Shopper.class)
    @LoadPhase(name = "rush", rate = 100, rampTo = 300, duration = "5s", user = Shopper.class)
    void keeps_latency_and_success_under_a_closed_and_an_open_ramping_phase(LoadResult result) {
        assertThat(result.phase("browse")).successRate().isGreaterThanOrEqualTo(0.999);
        assertThat(result.phase("browse")).p99().isLessThan(Duration.ofMillis(500));
        assertThat(result.phase("rush")).hasBalancedAccounting();
        assertThat(result.phase("rush").issued()).isGreaterThan(500);
        assertThat(result.target().name()).isEqualTo("inventory-service");
    }
}

package dev.infraperf.scenarios.formae;

import static dev.infraperf.checks.FormaeAssertions.assertThat;

import dev.infraperf.checks.RegressionChecks;
import dev.infraperf.cloud.CloudResource;
import dev.infraperf.environment.GeneratedEnvironment;
import dev.infraperf.environment.Region;
import dev.infraperf.environment.ResourceCount;
import dev.infraperf.formae.FormaeCycle;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.InventoryResource;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The plan's restart, cancel and drift experiments, automated. */
@Tag("perf")
@Region("us-east-2")
@FormaeCycle
@DisplayName("Formae restart, cancel and drift")
class FormaeRestartAndCancelScenarioTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    @ResourceCount(2000)
    void a_restart_mid_apply_of_2000_resources_keeps_the_counts_and_completes(FormaeSession session) {
        RegressionChecks.run(RegressionChecks.restartKeepsSuccessCounts(PATIENCE), session);
    }

    @Test
    @ResourceCount(750)
    void a_cancel_mid_apply_waits_for_work_in_flight_and_accounts_for_every_update(FormaeSession session) {
        RegressionChecks.run(RegressionChecks.cancelWaitsForInFlight(PATIENCE), session);
    }

    @Test
    @ResourceCount(200)
    void a_bucket_deleted_out_of_band_leaves_the_inventory_at_the_next_sync(
            FormaeSession session, GeneratedEnvironment env) {
        assertThat(session.applyAndAwait()).hasSuccessRateAtLeast(1.0);
        CloudResource bucket = session.cloud().resourcesOf(env.envId()).stream()
                .filter(r -> r.type().equals("AWS::S3::Bucket"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the environment has no bucket in the cloud"));

        session.cloud().deleteOutOfBand(bucket);

        Awaitility.await("bucket " + bucket.name() + " to leave the inventory after a sync")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    session.sync();
                    Set<String> managed = session.managedInventory().managed().stream()
                            .map(InventoryResource::label)
                            .collect(Collectors.toSet());
                    return !managed.contains(bucket.name());
                });
    }
}

package dev.infraperf.scenarios.formae;

import static dev.infraperf.checks.FormaeAssertions.assertThat;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.environment.GeneratedEnvironment;
import dev.infraperf.environment.Region;
import dev.infraperf.environment.ResourceCount;
import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeCycle;
import dev.infraperf.formae.FormaeSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The plan's "Test Iterations": apply then destroy at 200, 750 and 2000 resources, with the success
 * rates the plan recorded by hand judged automatically, and nothing left in inventory or cloud.
 */
@Tag("perf")
@Region("us-east-2")
@FormaeCycle
@DisplayName("Formae apply/destroy at scale")
class FormaeApplyDestroyScenarioTest {

    @Test
    @ResourceCount(200)
    void applies_and_destroys_200_resources(FormaeSession session, GeneratedEnvironment env, CloudAudit cloud) {
        cycle(session, env, cloud);
    }

    @Test
    @ResourceCount(750)
    void applies_and_destroys_750_resources(FormaeSession session, GeneratedEnvironment env, CloudAudit cloud) {
        cycle(session, env, cloud);
    }

    @Test
    @ResourceCount(2000)
    void applies_and_destroys_2000_resources(FormaeSession session, GeneratedEnvironment env, CloudAudit cloud) {
        cycle(session, env, cloud);
    }

    private static void cycle(FormaeSession session, GeneratedEnvironment env, CloudAudit cloud) {
        CommandStatus applied = session.applyAndAwait();
        assertThat(applied).isInState(CommandState.SUCCESS).hasSuccessRateAtLeast(0.995);
        CommandStatus destroyed = session.destroyAndAwait();
        assertThat(destroyed).hasSuccessRateAtLeast(0.995);
        assertThat(session.managedInventory()).hasNoManagedResources();
        assertThat(cloud).hasNoResourcesTaggedWith(env.envId());
    }
}

package example.formae;

import static dev.infraperf.checks.FormaeAssertions.assertThat;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.environment.GeneratedEnvironment;
import dev.infraperf.environment.Region;
import dev.infraperf.environment.ResourceCount;
import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.FormaeCycle;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.mock.formae.provider.MockFormae;
import org.junit.jupiter.api.Test;

/**
 * One Formae apply/destroy cycle of 100 generated resources. No agent is configured, so infra-perf starts mock-formae
 * (agent and simulated cloud, each its own process); set -Dperf.formae.url=http://... or -Dperf.formae.binary=...
 * to drive a real agent instead. After the test, pass or fail, whatever the run created is destroyed and the cloud
 * audited.
 */
@Region("us-east-2")
@FormaeCycle(awaitTimeout = "3m")
@MockFormae(rateLimit = 0, cloudLatencyScale = 0.02)
class ApplyDestroyCycleTest {

    @Test
    @ResourceCount(100)
    void applies_and_destroys_without_leftovers(FormaeSession session, GeneratedEnvironment env, CloudAudit cloud) {
        assertThat(session.applyAndAwait()).isInState(CommandState.SUCCESS).hasSuccessRateAtLeast(0.995);
        assertThat(session.destroyAndAwait()).hasSuccessRateAtLeast(0.995);
        assertThat(session.managedInventory()).hasNoManagedResources();
        assertThat(cloud).hasNoResourcesTaggedWith(env.envId());
    }
}

package dev.infraperf.checks;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.Inventory;
import org.apiguardian.api.API;

/**
 * Entry point of the Formae assertions, in AssertJ's style:
 *
 * <pre>{@code
 * assertThat(status).isInState(CommandState.SUCCESS).hasSuccessRateAtLeast(0.995);
 * assertThat(session.managedInventory()).hasNoManagedResources();
 * assertThat(session.cloud()).hasNoResourcesTaggedWith(env.envId());
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FormaeAssertions {

    private FormaeAssertions() {}

    /** Assertions on a command status. */
    public static CommandStatusAssert assertThat(CommandStatus actual) {
        return new CommandStatusAssert(actual);
    }

    /** Assertions on an inventory. */
    public static InventoryAssert assertThat(Inventory actual) {
        return new InventoryAssert(actual);
    }

    /** Assertions on the cloud. */
    public static CloudAuditAssert assertThat(CloudAudit actual) {
        return new CloudAuditAssert(actual);
    }
}

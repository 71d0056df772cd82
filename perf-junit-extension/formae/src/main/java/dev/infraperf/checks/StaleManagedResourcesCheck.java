package dev.infraperf.checks;

import dev.infraperf.formae.FormaeSession;
import java.util.List;

/** Bug 3: apply then destroy leaves no managed resource in inventory and nothing in the cloud. */
final class StaleManagedResourcesCheck implements RegressionCheck {

    @Override
    public String id() {
        return "bug-3-no-stale-managed-resources";
    }

    @Override
    public String displayName() {
        return "Bug 3: apply then destroy leaves zero managed resources in inventory and in the cloud";
    }

    @Override
    public List<String> bugSwitches() {
        // No switch targets bug 3 itself; failed deletes (bug 5) leave managed resources behind.
        return List.of("delete-order");
    }

    @Override
    public void verify(FormaeSession session) {
        session.applyAndAwait();
        session.destroyAndAwait();
        FormaeAssertions.assertThat(session.managedInventory()).hasNoManagedResources();
        if (session.cloud().isObservable()) {
            FormaeAssertions.assertThat(session.cloud())
                    .hasNoResourcesTaggedWith(session.environment().envId());
        }
    }
}

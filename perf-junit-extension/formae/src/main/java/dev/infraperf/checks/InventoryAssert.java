package dev.infraperf.checks;

import dev.infraperf.formae.Inventory;
import dev.infraperf.formae.InventoryResource;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on an agent's inventory; get one with {@link FormaeAssertions#assertThat(Inventory)}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InventoryAssert extends AbstractAssert<InventoryAssert, Inventory> {

    InventoryAssert(Inventory actual) {
        super(actual, InventoryAssert.class);
    }

    /** No resource of the inventory is managed ({@code managed:true}). */
    public InventoryAssert hasNoManagedResources() {
        isNotNull();
        if (actual.managedCount() > 0) {
            failWithMessage(
                    "%nExpecting inventory for query:%n  %s%nto hold no managed resource,%nbut it holds %d:%n%s",
                    actual.query(), actual.managedCount(), list(actual));
        }
        return this;
    }

    /** Exactly {@code expected} resources are managed. */
    public InventoryAssert hasManagedCount(int expected) {
        isNotNull();
        if (actual.managedCount() != expected) {
            failWithMessage(
                    "%nExpecting inventory for query:%n  %s%nto hold %d managed resources,%nbut it holds %d",
                    actual.query(), expected, actual.managedCount());
        }
        return this;
    }

    private static String list(Inventory inventory) {
        return inventory.managed().stream().limit(25).map(InventoryAssert::line).collect(Collectors.joining("\n"))
                + (inventory.managedCount() > 25 ? "\n  ... and " + (inventory.managedCount() - 25) + " more" : "");
    }

    private static String line(InventoryResource r) {
        return "  - " + r.type() + " " + r.label();
    }
}

package dev.infraperf.checks;

import dev.infraperf.cloud.CloudResource;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.Inventory;
import dev.infraperf.formae.InventoryResource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bug 6: a resource deleted out of band leaves the inventory after the next sync, also when its
 * update finished while its command was being cancelled (the path that leaked sync exclusions).
 */
final class DriftSyncCheck implements RegressionCheck {

    private final Duration patience;

    DriftSyncCheck(Duration patience) {
        this.patience = patience;
    }

    @Override
    public String id() {
        return "bug-6-drift-sync";
    }

    @Override
    public String displayName() {
        return "Bug 6: resources deleted out of band leave the inventory at the next sync";
    }

    @Override
    public List<String> bugSwitches() {
        return List.of("sync-exclusions-leak");
    }

    @Override
    public void verify(FormaeSession session) {
        CheckSupport.requireObservableCloud(session, "to delete resources out of band");
        String id = session.apply();
        CheckSupport.awaitInFlight(session, id, 0.2, patience.multipliedBy(10));
        session.cancel(id);
        session.awaitCompletion(id, patience.multipliedBy(10), s -> {});
        Set<String> managed = session.managedInventory().managed().stream()
                .map(InventoryResource::label)
                .collect(Collectors.toSet());
        List<CloudResource> deleted = session
                .cloud()
                .resourcesOf(session.environment().envId())
                .stream()
                .filter(r -> managed.contains(r.name()))
                .toList();
        if (deleted.isEmpty()) {
            throw new dev.infraperf.formae.InconclusiveException(
                    "no managed resource found in the cloud to delete out of band");
        }
        deleted.forEach(session.cloud()::deleteOutOfBand);
        Set<String> gone = deleted.stream().map(CloudResource::name).collect(Collectors.toSet());
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> stale;
        do {
            session.sync();
            CheckSupport.sleep(300);
            Inventory inventory = session.managedInventory();
            stale = inventory.managed().stream()
                    .map(InventoryResource::label)
                    .filter(gone::contains)
                    .sorted()
                    .toList();
        } while (!stale.isEmpty() && System.nanoTime() < deadline);
        if (!stale.isEmpty()) {
            throw new AssertionError(
                    "Expecting resources deleted out of band to leave the inventory after a sync,\nbut "
                            + stale.size() + " of " + deleted.size() + " deleted were still managed "
                            + CheckSupport.seconds(patience) + " and several syncs later: "
                            + stale.stream().limit(10).collect(Collectors.joining(", ")));
        }
    }
}

package dev.infraperf.checks;

import dev.infraperf.cloud.CloudResource;
import dev.infraperf.formae.FormaeSession;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Bug 7: after a cancelled apply and a destroy, the cloud holds nothing of the run (no bucket, role, ...). */
final class NoOrphansCheck implements RegressionCheck {

    private final Duration patience;

    NoOrphansCheck(Duration patience) {
        this.patience = patience;
    }

    @Override
    public String id() {
        return "bug-7-no-orphans";
    }

    @Override
    public String displayName() {
        return "Bug 7: after cancel and destroy the cloud holds no bucket, role or other resource of the run";
    }

    @Override
    public List<String> bugSwitches() {
        return List.of("orphan-on-cancel");
    }

    @Override
    public void verify(FormaeSession session) {
        CheckSupport.requireObservableCloud(session, "orphans are resources only the cloud still holds");
        String id = session.apply();
        CheckSupport.awaitInFlight(session, id, 0.2, patience.multipliedBy(10));
        session.cancel(id);
        session.awaitCompletion(id, patience.multipliedBy(10), s -> {});
        session.destroyAndAwait();
        // Creates the agent abandoned may still be finishing in the cloud: give them time to land.
        CheckSupport.sleep(Math.min(2000, patience.toMillis()));
        List<CloudResource> left =
                session.cloud().resourcesOf(session.environment().envId());
        if (!left.isEmpty()) {
            throw new AssertionError("Expecting the cloud to hold nothing of "
                    + session.environment().envId()
                    + " after cancel and destroy,\nbut it still holds " + left.size()
                    + " resources the agent never recorded: "
                    + left.stream().limit(15).map(CloudResource::describe).collect(Collectors.joining(", ")));
        }
    }
}

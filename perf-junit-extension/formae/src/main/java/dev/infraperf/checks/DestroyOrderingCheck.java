package dev.infraperf.checks;

import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.ResourceUpdate;
import dev.infraperf.formae.UpdateState;
import java.util.List;
import java.util.stream.Collectors;

/** Bug 5: destroy deletes record sets before their hosted zones; no delete fails with HostedZoneNotEmpty. */
final class DestroyOrderingCheck implements RegressionCheck {

    @Override
    public String id() {
        return "bug-5-destroy-ordering";
    }

    @Override
    public String displayName() {
        return "Bug 5: destroy deletes record sets before their hosted zones (no HostedZoneNotEmpty)";
    }

    @Override
    public List<String> bugSwitches() {
        return List.of("delete-order");
    }

    @Override
    public void verify(FormaeSession session) {
        CheckSupport.requireTypes(
                session, "the bug is a hosted zone deleted before its record sets", "AWS::Route53::RecordSet");
        session.applyAndAwait();
        CommandStatus destroy = session.destroyAndAwait();
        List<ResourceUpdate> notEmpty = destroy.updatesIn(UpdateState.FAILED).stream()
                .filter(u -> u.errorMessage().contains("HostedZoneNotEmpty")
                        || u.errorMessage().contains("not empty"))
                .toList();
        if (!notEmpty.isEmpty()) {
            throw new AssertionError(
                    "Expecting record sets to be deleted before their hosted zones,\nbut destroy failed "
                            + notEmpty.size() + " of " + destroy.counts().total() + " deletes with HostedZoneNotEmpty: "
                            + notEmpty.stream().map(ResourceUpdate::label).collect(Collectors.joining(", ")));
        }
        FormaeAssertions.assertThat(destroy).isInState(CommandState.SUCCESS);
    }
}

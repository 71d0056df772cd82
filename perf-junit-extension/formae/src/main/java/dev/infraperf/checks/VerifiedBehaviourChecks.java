package dev.infraperf.checks;

import dev.infraperf.cloud.CloudResource;
import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.ResourceUpdate;
import dev.infraperf.formae.UpdateState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The behaviours the plan verified as working, kept as checks so they stay working. */
final class VerifiedBehaviourChecks {

    private VerifiedBehaviourChecks() {}

    /** Verified 1: a command in progress at an agent restart is resumed and completes. */
    static final class ResumeOnRestart implements RegressionCheck {
        private final Duration patience;

        ResumeOnRestart(Duration patience) {
            this.patience = patience;
        }

        @Override
        public String id() {
            return "verified-resume-on-restart";
        }

        @Override
        public String displayName() {
            return "Verified: a command in progress at an agent restart resumes and completes";
        }

        @Override
        public List<String> bugSwitches() {
            return List.of();
        }

        @Override
        public void verify(FormaeSession session) {
            String id = session.apply();
            CommandStatus before = CheckSupport.awaitPartway(session, id, 0.3, patience.multipliedBy(10));
            session.restartAgent();
            CommandStatus done = session.awaitCompletion(id);
            if (done.state() != CommandState.SUCCESS) {
                throw new AssertionError("Expecting the command resumed after the restart (at "
                        + before.counts().summary() + ") to complete with Success,\nbut it ended " + done.state() + " ("
                        + done.counts().summary() + ")");
            }
        }
    }

    /** Verified 2: a cancel waits for operations in flight: nothing the command marks Canceled exists in the cloud. */
    static final class CancelWaitsForInFlight implements RegressionCheck {
        private final Duration patience;

        CancelWaitsForInFlight(Duration patience) {
            this.patience = patience;
        }

        @Override
        public String id() {
            return "verified-cancel-waits-for-in-flight";
        }

        @Override
        public String displayName() {
            return "Verified: cancel waits for operations in flight and records their outcome";
        }

        @Override
        public List<String> bugSwitches() {
            return List.of("orphan-on-cancel");
        }

        @Override
        public void verify(FormaeSession session) {
            CheckSupport.requireObservableCloud(session, "to compare the cloud with what the command recorded");
            String id = session.apply();
            CheckSupport.awaitInFlight(session, id, 0.1, patience.multipliedBy(10));
            session.cancel(id);
            CommandStatus done = session.awaitCompletion(id, patience.multipliedBy(4), s -> {});
            FormaeAssertions.assertThat(done).isInState(CommandState.CANCELED).hasEveryUpdateAccountedFor();
            CheckSupport.sleep(Math.min(2000, patience.toMillis()));
            Set<String> succeeded = done.updatesIn(UpdateState.SUCCESS).stream()
                    .map(ResourceUpdate::label)
                    .collect(Collectors.toSet());
            List<String> unrecorded = session
                    .cloud()
                    .resourcesOf(session.environment().envId())
                    .stream()
                    .filter(r -> !succeeded.contains(r.name()))
                    .map(CloudResource::describe)
                    .toList();
            if (!unrecorded.isEmpty()) {
                throw new AssertionError(
                        "Expecting every resource in the cloud to be a success of the cancelled command,\nbut "
                                + unrecorded.size() + " exist that it did not record as created: "
                                + unrecorded.stream().limit(10).collect(Collectors.joining(", ")));
            }
        }
    }

    /** Verified 3: destroy at scale succeeds for at least 99.5% of the resources. */
    static final class DestroyAtScale implements RegressionCheck {
        @Override
        public String id() {
            return "verified-destroy-at-scale";
        }

        @Override
        public String displayName() {
            return "Verified: destroy at scale succeeds for at least 99.5% of the resources";
        }

        @Override
        public List<String> bugSwitches() {
            return List.of("delete-order");
        }

        @Override
        public void verify(FormaeSession session) {
            session.applyAndAwait();
            CommandStatus destroy = session.destroyAndAwait();
            FormaeAssertions.assertThat(destroy).hasSuccessRateAtLeast(0.995);
        }
    }
}

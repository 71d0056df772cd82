package dev.infraperf.checks;

import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.UpdateCounts;
import java.time.Duration;
import java.util.List;

/**
 * Bug 8: a cancel while the rate limiter is backing off reaches Canceled, the executor does not crash,
 * every update is accounted for and the inventory matches the successes.
 */
final class CancelDuringBackoffCheck implements RegressionCheck {

    private final Duration patience;

    CancelDuringBackoffCheck(Duration patience) {
        this.patience = patience;
    }

    @Override
    public String id() {
        return "bug-8-cancel-during-backoff";
    }

    @Override
    public String displayName() {
        return "Bug 8: cancel during rate-limit backoff reaches Canceled without crashing the executor";
    }

    @Override
    public List<String> bugSwitches() {
        return List.of("no-resume-while-canceling");
    }

    @Override
    public void verify(FormaeSession session) {
        String id = session.apply();
        CheckSupport.awaitInFlight(session, id, 0.1, patience.multipliedBy(10));
        session.cancel(id);
        CommandStatus done;
        try {
            done = session.awaitCompletion(id, patience, s -> {});
        } catch (AssertionError e) {
            CommandStatus stuck = session.status(id);
            throw new AssertionError(
                    "Expecting command " + id + " to reach Canceled within " + CheckSupport.seconds(patience)
                            + " of the cancel,\nbut it is stuck in " + stuck.state() + " ("
                            + stuck.counts().summary() + ")"
                            + abnormal(session));
        }
        List<String> crashes = session.currentAbnormalTerminations();
        if (!crashes.isEmpty()) {
            throw new AssertionError(
                    "Expecting the executor to survive the cancel,\nbut the agent log says: " + crashes.get(0));
        }
        FormaeAssertions.assertThat(done).isInState(CommandState.CANCELED).hasEveryUpdateAccountedFor();
        UpdateCounts c = done.counts();
        int managed = session.managedInventory().managedCount();
        if (managed != c.success()) {
            throw new AssertionError(
                    "Expecting the inventory to match the successes of the cancelled command,\nbut it manages "
                            + managed + " resources while the command reports " + c.success() + " successes");
        }
    }

    private static String abnormal(FormaeSession session) {
        return CheckSupport.firstCrash(session)
                .map(l -> "; the agent log says: " + l)
                .orElse("");
    }
}

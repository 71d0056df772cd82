package dev.infraperf.checks;

import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.InconclusiveException;
import dev.infraperf.formae.ReexecutedCreates;
import dev.infraperf.formae.ResourceUpdate;
import dev.infraperf.formae.UpdateState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Bug 4: after a restart mid-apply, successes never go down, updates that had finished are not
 * executed again, and the final successes equal the managed inventory.
 *
 * <p>Re-execution is judged from evidence outside the command's own status, because 0.75.6 re-runs finished
 * creates after a restart ({@code ReRunIncompleteCommands}) while their updates keep attempt 1 and state
 * Success: a second create of one label in the cloud's operation journal (mock-formae's simulated cloud outlives
 * the agent) or in the agent log's plugin operations (FakeAWS lives in the agent's memory). Without either
 * source the check is inconclusive rather than passed.
 */
final class RestartKeepsSuccessCountsCheck implements RegressionCheck {

    private final Duration patience;

    RestartKeepsSuccessCountsCheck(Duration patience) {
        this.patience = patience;
    }

    @Override
    public String id() {
        return "bug-4-restart-keeps-success-counts";
    }

    @Override
    public String displayName() {
        return "Bug 4: a restart mid-apply keeps the success counts and re-runs no finished update";
    }

    @Override
    public List<String> bugSwitches() {
        return List.of("reset-states-on-restart");
    }

    @Override
    public void verify(FormaeSession session) {
        if (!session.canRestartAgent()) {
            session.restartAgent(); // inconclusive, with the reason
        }
        String id = session.apply();
        CommandStatus before = CheckSupport.awaitPartway(session, id, 0.3, patience.multipliedBy(10));
        int successesBefore = before.counts().success();
        Map<String, Integer> attemptsBefore = before.updatesIn(UpdateState.SUCCESS).stream()
                .collect(Collectors.toMap(
                        RestartKeepsSuccessCountsCheck::key, ResourceUpdate::currentAttempt, (a, b) -> a));
        session.restartAgent();
        AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        CommandStatus done = session.awaitCompletion(
                id,
                patience.multipliedBy(10),
                s -> lowest.accumulateAndGet(s.counts().success(), Math::min));
        Optional<ReexecutedCreates> evidence = session.reexecutedCreates();
        List<String> createdAgain = evidence.map(e -> attemptsBefore.keySet().stream()
                        .filter(k -> k.endsWith("|create"))
                        .map(k -> k.split("\\|")[1])
                        .filter(label -> e.againFor(label) > 0)
                        .sorted()
                        .map(label -> label + " (" + (e.againFor(label) + 1) + " creates)")
                        .toList())
                .orElse(List.of());
        if (!createdAgain.isEmpty()) {
            throw new AssertionError("Expecting the " + attemptsBefore.size()
                    + " updates finished before the restart not to run again,\nbut " + createdAgain.size()
                    + " were created again according to " + evidence.get().source() + ": "
                    + createdAgain.stream().limit(10).collect(Collectors.joining(", "))
                    + " (their updates read " + done.counts().summary() + ")");
        }
        if (lowest.get() < successesBefore) {
            throw new AssertionError(
                    "Expecting successes never to go down after the restart,\nbut after restart successes went from "
                            + successesBefore + " to " + lowest.get() + "; expected no decrease (final: "
                            + done.counts().summary()
                            + ")");
        }
        List<String> rerun = done.resourceUpdates().stream()
                .filter(u -> attemptsBefore.containsKey(key(u)))
                .filter(u -> u.state() != UpdateState.SUCCESS || u.currentAttempt() > attemptsBefore.get(key(u)))
                .map(u -> u.label() + " (" + u.state() + ", attempt " + u.currentAttempt() + ")")
                .toList();
        if (!rerun.isEmpty()) {
            throw new AssertionError("Expecting the " + attemptsBefore.size()
                    + " updates finished before the restart not to run again,\nbut " + rerun.size() + " did: "
                    + rerun.stream().limit(10).collect(Collectors.joining(", ")));
        }
        int managed = session.managedInventory().managedCount();
        int successes = done.counts().success();
        if (managed != successes) {
            throw new AssertionError(
                    "Expecting the final successes to equal the managed inventory,\nbut the command reports "
                            + successes + " successes while the inventory manages " + managed + " resources of "
                            + session.environment().stack());
        }
        if (evidence.isEmpty()) {
            throw new InconclusiveException("no evidence of re-execution outside the command status could be read"
                    + " (no cloud operation journal, and the agent log records no plugin operation of "
                    + session.environment().stack() + "); the status alone ("
                    + done.counts().summary()
                    + ") cannot show a finished create run again");
        }
    }

    private static String key(ResourceUpdate u) {
        return u.type() + "|" + u.label() + "|" + u.operation();
    }
}

package dev.infraperf.checks;

import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The plan's enhancement: while a cancel waits for work in flight, the command reads Canceling before Canceled. */
final class CancelingStateCheck implements RegressionCheck {

    private final Duration patience;

    CancelingStateCheck(Duration patience) {
        this.patience = patience;
    }

    @Override
    public String id() {
        return "enhancement-canceling-state";
    }

    @Override
    public String displayName() {
        return "Enhancement: a command being cancelled with work in flight reads Canceling before Canceled";
    }

    @Override
    public List<String> bugSwitches() {
        return List.of("no-canceling-state");
    }

    @Override
    public void verify(FormaeSession session) {
        String id = session.apply();
        CommandStatus inFlight = CheckSupport.awaitInFlight(session, id, 0.1, patience.multipliedBy(10));
        session.cancel(id);
        List<CommandState> seen = new ArrayList<>();
        CommandStatus done = session.awaitCompletion(id, patience.multipliedBy(4), s -> {
            if (seen.isEmpty() || seen.get(seen.size() - 1) != s.state()) {
                seen.add(s.state());
            }
        });
        if (done.state() == CommandState.CANCELED && !seen.contains(CommandState.CANCELING)) {
            throw new AssertionError("Expecting the command to read Canceling while the cancel waited for "
                    + (inFlight.counts().inProgress() + inFlight.counts().retrying())
                    + " updates in flight,\nbut it went "
                    + seen.stream().map(CommandState::toString).collect(Collectors.joining(" -> "))
                    + "; expected Canceling before Canceled");
        }
    }
}

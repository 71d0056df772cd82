package dev.infraperf.checks;

import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeSession;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Bug 1: storing a large command must not time out on the client; exactly one command is stored and runs. */
final class LargeCommandStoreCheck implements RegressionCheck {

    private final Duration patience;

    LargeCommandStoreCheck(Duration patience) {
        this.patience = patience;
    }

    @Override
    public String id() {
        return "bug-1-large-command-store";
    }

    @Override
    public String displayName() {
        return "Bug 1: submitting a large apply never times out and stores exactly one command that runs";
    }

    @Override
    public List<String> bugSwitches() {
        return List.of("persist-timeout");
    }

    @Override
    public void verify(FormaeSession session) {
        int total = session.environment().totalResources();
        CheckSupport.Submission submission = CheckSupport.submitApply(session, patience);
        List<CommandStatus> stored = session.client().statusQuery("client:me", 10);
        String storedText = stored.isEmpty()
                ? "no command"
                : stored.size() + " command(s) "
                        + stored.stream()
                                .map(c -> c.commandId() + " in state " + c.state())
                                .collect(Collectors.joining(", "));
        if (submission.error().isPresent()) {
            throw new AssertionError(
                    "Expecting the apply of " + total + " resources to be accepted (202 with a command id),"
                            + "\nbut the agent answered after " + CheckSupport.seconds(submission.elapsed()) + ": "
                            + submission.error().get().getMessage()
                            + "\nand then held " + storedText
                            + " for this client (stored though the client was told it failed)");
        }
        if (stored.size() != 1) {
            throw new AssertionError(
                    "Expecting exactly one command stored for this client after one apply,\nbut found " + storedText);
        }
        CommandStatus started = session.awaitStatus(
                submission.commandId(), s -> s.state() != CommandState.NOT_STARTED, "to start", patience, x -> {});
        CommandStatus done = session.awaitCompletion(submission.commandId());
        if (done.state() == CommandState.NOT_STARTED || started.state() == CommandState.NOT_STARTED) {
            throw new AssertionError("Expecting the stored command to run,\nbut it stayed NotStarted");
        }
    }
}

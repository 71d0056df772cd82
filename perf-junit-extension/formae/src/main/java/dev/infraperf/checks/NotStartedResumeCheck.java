package dev.infraperf.checks;

import dev.infraperf.formae.CommandState;
import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.InconclusiveException;
import java.time.Duration;
import java.util.List;

/**
 * Bug 2: a command stored but not yet started when the agent restarts runs to completion after the
 * restart. The restart comes right after the submit (or, when the submit failed as in bug 1, as soon
 * as the stored command is visible), the moment a command can still be NotStarted.
 */
final class NotStartedResumeCheck implements RegressionCheck {

    private final Duration patience;

    NotStartedResumeCheck(Duration patience) {
        this.patience = patience;
    }

    @Override
    public String id() {
        return "bug-2-notstarted-resume";
    }

    @Override
    public String displayName() {
        return "Bug 2: a command still NotStarted at an agent restart runs to completion after it";
    }

    @Override
    public List<String> bugSwitches() {
        // persist-timeout is the set-up: it leaves the command stored NotStarted, as in the plan.
        return List.of("resume-inprogress-only", "persist-timeout");
    }

    @Override
    public void verify(FormaeSession session) {
        CheckSupport.Submission submission = CheckSupport.submitApply(session, patience);
        if (submission.commandId() == null) {
            throw new AssertionError("Expecting the apply to be stored,\nbut the agent answered "
                    + submission.error().map(Throwable::getMessage).orElse("?")
                    + " and holds no command for this client");
        }
        String id = submission.commandId();
        CommandState before = session.status(id).state();
        if (before.isFinal()) {
            throw new InconclusiveException("command " + id + " was already " + before
                    + " when the agent could be restarted, so no command was NotStarted at the restart");
        }
        session.restartAgent();
        CommandStatus afterRestart = session.status(id);
        try {
            session.awaitStatus(
                    id, s -> s.state() != CommandState.NOT_STARTED, "to start after the restart", patience, x -> {});
        } catch (AssertionError e) {
            throw new AssertionError(
                    "Expecting command " + id + ", " + before + " before the agent restart, to run after it,"
                            + "\nbut it was still NotStarted " + CheckSupport.seconds(patience) + " after the restart ("
                            + afterRestart.counts().summary() + "); expected it resumed and run to completion");
        }
        CommandStatus done = session.awaitCompletion(id);
        FormaeAssertions.assertThat(done).isInState(CommandState.SUCCESS);
    }
}

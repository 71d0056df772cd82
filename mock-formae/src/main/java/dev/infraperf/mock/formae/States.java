package dev.infraperf.mock.formae;

/** Formae's state and operation names, spelled as its API spells them. */
final class States {
    private States() {}

    /** Command states ({@code forma_command.CommandState}); the state is derived from the updates. */
    enum CommandState {
        NotStarted,
        InProgress,
        Success,
        Failed,
        Canceling,
        Canceled;

        boolean isFinal() {
            return this == Success || this == Failed || this == Canceled;
        }
    }

    /** Resource-update states ({@code types.ResourceUpdateState}). */
    enum UpdateState {
        NotStarted,
        Pending,
        InProgress,
        Success,
        Failed,
        Canceled,
        Rejected;

        boolean isFinal() {
            return this == Success || this == Failed || this == Canceled || this == Rejected;
        }
    }

    /** Operation types; {@code replace} is a delete plus a create. */
    enum Operation {
        create,
        update,
        delete,
        read,
        replace
    }

    /**
     * Formae's {@code overallCommandState()}: any update not final makes the command in progress (or
     * canceling, when a cancel waits and the enhancement is on); otherwise any canceled makes it
     * canceled, any failed or rejected makes it failed, else success.
     */
    static CommandState derive(
            int total,
            int notFinal,
            int canceled,
            int failedOrRejected,
            boolean started,
            boolean cancelRequested,
            boolean cancelingStateEnabled) {
        if (notFinal > 0) {
            if (cancelRequested && cancelingStateEnabled) {
                return CommandState.Canceling;
            }
            return started ? CommandState.InProgress : CommandState.NotStarted;
        }
        if (total > 0 && canceled > 0) {
            return CommandState.Canceled;
        }
        if (failedOrRejected > 0) {
            return CommandState.Failed;
        }
        if (total == 0 && cancelRequested) {
            return CommandState.Canceled;
        }
        return CommandState.Success;
    }
}

package dev.infraperf.formae;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The state of a Formae command, as the agent reports it in {@code Commands[].State}. The command
 * state is derived by the agent from its resource updates; {@link #CANCELING} is only ever reported
 * by an agent that implements the perf plan's enhancement.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum CommandState {
    NOT_STARTED("NotStarted"),
    PENDING("Pending"),
    IN_PROGRESS("InProgress"),
    SUCCESS("Success"),
    FAILED("Failed"),
    CANCELING("Canceling"),
    CANCELED("Canceled"),
    /**
     * Not an agent state: the agent answered the submit {@code ChangesRequired: false} and never stored the
     * command, so there was nothing to do (a no-op re-apply, a destroy of an empty stack).
     */
    NO_CHANGES("NoChanges"),
    UNKNOWN("Unknown");

    private final String wireName;

    CommandState(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code InProgress}. */
    public String wireName() {
        return wireName;
    }

    /** True for Success, Failed and Canceled, the states a command never leaves, and for {@link #NO_CHANGES}. */
    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == CANCELED || this == NO_CHANGES;
    }

    /** Reads a wire name case-insensitively; anything unknown is {@link #UNKNOWN}. */
    public static CommandState fromWire(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return Arrays.stream(values())
                .filter(s -> s.wireName.equalsIgnoreCase(text.trim()))
                .findFirst()
                .orElse(UNKNOWN);
    }

    @Override
    public String toString() {
        return wireName;
    }
}

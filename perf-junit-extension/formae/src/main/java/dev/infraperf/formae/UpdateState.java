package dev.infraperf.formae;

import java.util.Arrays;
import org.apiguardian.api.API;

/** The state of one resource update of a command ({@code ResourceUpdates[].State}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum UpdateState {
    NOT_STARTED("NotStarted"),
    PENDING("Pending"),
    IN_PROGRESS("InProgress"),
    SUCCESS("Success"),
    FAILED("Failed"),
    CANCELED("Canceled"),
    REJECTED("Rejected"),
    UNKNOWN("Unknown");

    private final String wireName;

    UpdateState(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code NotStarted}. */
    public String wireName() {
        return wireName;
    }

    /** True for Success, Failed, Canceled and Rejected. */
    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == CANCELED || this == REJECTED;
    }

    /** Reads a wire name case-insensitively; anything unknown is {@link #UNKNOWN}. */
    public static UpdateState fromWire(String text) {
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

package dev.infraperf.reports.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Formae command of a cycle (apply, destroy, ...), as watched until it reached a final state.
 *
 * @param operation {@code apply}, {@code destroy}, or another command kind
 * @param commandId the agent's command id
 * @param finalState the command state at the end, e.g. {@code Success}, {@code Failed}, {@code Canceled}
 * @param countsPerState resource updates per state at the end, keyed by Formae state name
 *     ({@code Success}, {@code Failed}, {@code Canceled}, {@code NotStarted}, ...)
 * @param duration from submit to final state
 * @param timeline state counts over time, ascending offsets
 * @param errorLines agent log excerpts (ERR lines) captured for this command, already masked by the
 *     producer or masked by the renderers
 */
public record CommandOutcome(
        String operation,
        String commandId,
        String finalState,
        Map<String, Long> countsPerState,
        Duration duration,
        List<StateSample> timeline,
        List<String> errorLines) {
    private static final String NAME = "CommandOutcome";

    public CommandOutcome {
        Checks.notBlank(operation, NAME, "operation");
        commandId = commandId == null ? "" : commandId;
        finalState = finalState == null ? "" : finalState;
        countsPerState = Checks.map(countsPerState, NAME, "countsPerState");
        countsPerState.forEach((state, count) -> Checks.nonNegative(count, NAME, "countsPerState[" + state + "]"));
        Checks.notNull(duration, NAME, "duration");
        timeline = Checks.list(timeline, NAME, "timeline");
        errorLines = Checks.list(errorLines == null ? List.of() : errorLines, NAME, "errorLines");
    }

    /** All resource updates of the command. */
    public long total() {
        return countsPerState.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Updates in {@code state} (case-insensitive), 0 when absent. */
    public long count(String state) {
        return countsPerState.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(state))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Percentage 0-100 of updates in {@code Success}; 0 for an empty command. */
    public double successPercent() {
        return total() == 0 ? 0 : 100.0 * count("Success") / total();
    }

    /** Percentage 0-100 of updates in {@code Failed} or {@code Rejected}; 0 for an empty command. */
    public double failedPercent() {
        return total() == 0 ? 0 : 100.0 * (count("Failed") + count("Rejected")) / total();
    }
}

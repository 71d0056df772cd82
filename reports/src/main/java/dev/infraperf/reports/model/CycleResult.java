package dev.infraperf.reports.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One Formae cycle: an environment of {@code resourceCount} resources applied, watched, destroyed and
 * audited.
 *
 * @param name cycle name, e.g. {@code apply-destroy-750}
 * @param resourceCount resources in the generated environment
 * @param startedAt when the cycle started
 * @param commands the commands in order (apply, then destroy, ...)
 * @param notes free text for the history's Notes column
 */
public record CycleResult(
        String name, int resourceCount, Instant startedAt, List<CommandOutcome> commands, String notes) {
    private static final String NAME = "CycleResult";

    public CycleResult {
        Checks.notBlank(name, NAME, "name");
        Checks.nonNegative(resourceCount, NAME, "resourceCount");
        Checks.notNull(startedAt, NAME, "startedAt");
        commands = Checks.list(commands, NAME, "commands");
        notes = notes == null ? "" : notes;
    }

    /** The first command of {@code operation} (case-insensitive). */
    public Optional<CommandOutcome> command(String operation) {
        return commands.stream()
                .filter(c -> c.operation().equalsIgnoreCase(operation))
                .findFirst();
    }

    /** Sum of the command durations. */
    public Duration duration() {
        return commands.stream().map(CommandOutcome::duration).reduce(Duration.ZERO, Duration::plus);
    }
}

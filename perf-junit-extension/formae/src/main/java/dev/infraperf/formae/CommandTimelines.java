package dev.infraperf.formae;

import dev.infraperf.load.RunListeners;
import dev.infraperf.reports.model.CommandOutcome;
import dev.infraperf.reports.model.StateSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The session's record of its commands: when each was submitted and finished, its final status, and its
 * timeline of counts per state, sampled at most every 500 ms (and always at a final state), for the reports.
 */
final class CommandTimelines {

    private static final long SAMPLE_EVERY_MILLIS = 500;

    private final Instant startedAt;
    private final List<String> submitted = new ArrayList<>();
    private final Map<String, Instant> submittedAt = new LinkedHashMap<>();
    private final Map<String, Instant> finishedAt = new LinkedHashMap<>();
    private final Map<String, CommandStatus> finals = new LinkedHashMap<>();
    private final Map<String, List<StateSample>> timelines = new LinkedHashMap<>();

    /** The stack the samples are of, for live listeners ({@code infra-perf-live}). */
    private String stack = "";

    CommandTimelines(Instant startedAt) {
        this.startedAt = startedAt;
    }

    void stack(String stack) {
        this.stack = stack;
    }

    Instant startedAt() {
        return startedAt;
    }

    void submitted(String id, Instant at) {
        submitted.add(id);
        submittedAt.put(id, at);
    }

    void finished(String id, CommandStatus status) {
        finals.put(id, status);
        finishedAt.putIfAbsent(id, Instant.now());
    }

    List<String> submitted() {
        return List.copyOf(submitted);
    }

    Map<String, CommandStatus> finals() {
        return new LinkedHashMap<>(finals);
    }

    void sample(String commandId, CommandStatus status) {
        Instant at = submittedAt.getOrDefault(commandId, startedAt);
        List<StateSample> timeline = timelines.computeIfAbsent(commandId, k -> new ArrayList<>());
        Duration offset = Duration.between(at, Instant.now());
        if (offset.isNegative()) {
            offset = Duration.ZERO;
        }
        if (!timeline.isEmpty()
                && offset.minus(timeline.get(timeline.size() - 1).offset()).toMillis() < SAMPLE_EVERY_MILLIS
                && !status.state().isFinal()) {
            return;
        }
        UpdateCounts c = status.counts();
        StateSample sample = new StateSample(
                offset, c.waiting(), c.inProgress() + c.retrying(), c.success(), c.failed(), c.canceled());
        timeline.add(sample);
        RunListeners.formaeSample(stack, commandId, sample);
    }

    /** Every command awaited to a final state, as the reports' model, with the agent's first error lines. */
    List<CommandOutcome> outcomes(List<String> errors) {
        List<CommandOutcome> commands = new ArrayList<>();
        for (Map.Entry<String, CommandStatus> e : finals.entrySet()) {
            CommandStatus status = e.getValue();
            Map<String, Long> perState = status.resourceUpdates().stream()
                    .filter(u -> !u.isRead())
                    .collect(Collectors.groupingBy(
                            u -> u.state().wireName(), LinkedHashMap::new, Collectors.counting()));
            Instant from = submittedAt.getOrDefault(e.getKey(), startedAt);
            Instant to = finishedAt.getOrDefault(e.getKey(), Instant.now());
            commands.add(new CommandOutcome(
                    status.command().isEmpty() ? "command" : status.command(),
                    status.commandId(),
                    status.state().wireName(),
                    perState,
                    Duration.between(from, to),
                    timelines.getOrDefault(e.getKey(), List.of()),
                    errors.stream().limit(50).toList()));
        }
        return commands;
    }
}

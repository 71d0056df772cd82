package dev.infraperf.formae;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Polls a command's status until a condition holds, sampling its timeline and printing progress on each change
 * of state (and every two seconds). Transient failures to reach the agent (it may be restarting) are retried;
 * an {@link AgentFailureException} is not.
 *
 * <p>A submit answered {@code ChangesRequired: false} whose command stays unknown for {@link #NO_CHANGES_GRACE}
 * is "nothing to do": the poll ends with a {@link CommandState#NO_CHANGES} status instead of waiting out the
 * timeout. The grace is needed because 0.75.6 answers {@code false} to applies that do work too; their commands
 * show up in status at once.
 */
final class CommandPoller {

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration NO_CHANGES_GRACE = Duration.ofSeconds(5);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final FormaeClient client;
    private final CommandTimelines timelines;
    private final Consumer<String> print;
    private final Duration noChangesGrace;

    CommandPoller(FormaeClient client, CommandTimelines timelines, Consumer<String> print) {
        this(client, timelines, print, NO_CHANGES_GRACE);
    }

    CommandPoller(FormaeClient client, CommandTimelines timelines, Consumer<String> print, Duration noChangesGrace) {
        this.client = client;
        this.timelines = timelines;
        this.print = print;
        this.noChangesGrace = noChangesGrace;
    }

    CommandStatus await(
            String commandId,
            Predicate<CommandStatus> condition,
            String description,
            Duration timeout,
            Consumer<CommandStatus> onEachPoll) {
        AtomicReference<CommandStatus> last = new AtomicReference<>();
        AtomicReference<Instant> lastPrint = new AtomicReference<>(Instant.EPOCH);
        AtomicReference<Instant> unknownSince = new AtomicReference<>();
        try {
            Awaitility.await("command " + commandId + " " + description)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .ignoreExceptionsMatching(
                            e -> e instanceof FormaeApiException && !(e instanceof AgentFailureException))
                    .until(() -> {
                        Optional<CommandStatus> s = client.status(commandId);
                        if (s.isEmpty()) {
                            return noChanges(commandId, unknownSince, last, condition);
                        }
                        CommandStatus status = s.get();
                        CommandStatus previous = last.getAndSet(status);
                        timelines.sample(commandId, status);
                        onEachPoll.accept(status);
                        boolean changedState = previous == null || previous.state() != status.state();
                        if (changedState
                                || Duration.between(lastPrint.get(), Instant.now())
                                                .compareTo(PROGRESS_EVERY)
                                        >= 0) {
                            lastPrint.set(Instant.now());
                            print.accept(status.summary());
                        }
                        return condition.test(status);
                    });
        } catch (ConditionTimeoutException e) {
            CommandStatus seen = last.get();
            throw new AssertionError("Expecting command " + commandId + " " + description + " within " + timeout
                    + ",\nbut it did not; last status seen: " + (seen == null ? "none" : seen.summary()));
        }
        return last.get();
    }

    private boolean noChanges(
            String commandId,
            AtomicReference<Instant> unknownSince,
            AtomicReference<CommandStatus> last,
            Predicate<CommandStatus> condition) {
        if (last.get() != null || !client.answeredNoChanges(commandId)) {
            return false;
        }
        unknownSince.compareAndSet(null, Instant.now());
        if (Duration.between(unknownSince.get(), Instant.now()).compareTo(noChangesGrace) < 0) {
            return false;
        }
        CommandStatus none = new CommandStatus(commandId, "", CommandState.NO_CHANGES, "", "", List.of(), 0);
        last.set(none);
        print.accept("command " + commandId + ": the agent answered ChangesRequired: false and never stored it"
                + " (nothing to do)");
        return condition.test(none);
    }
}

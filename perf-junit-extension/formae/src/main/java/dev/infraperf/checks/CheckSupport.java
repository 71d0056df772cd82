package dev.infraperf.checks;

import dev.infraperf.formae.CommandStatus;
import dev.infraperf.formae.FormaeApiException;
import dev.infraperf.formae.FormaeSession;
import dev.infraperf.formae.InconclusiveException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What several checks do: wait for an apply to be part-way, find a command stored despite an error. */
final class CheckSupport {

    private CheckSupport() {}

    /**
     * Waits until {@code fraction} of the apply's updates succeeded while others still wait, the
     * moment a restart or cancel "mid-apply" needs.
     *
     * @throws InconclusiveException when the command finished first (the run is too fast to act on)
     */
    static CommandStatus awaitPartway(FormaeSession session, String commandId, double fraction, Duration timeout) {
        CommandStatus s = session.awaitStatus(
                commandId,
                st -> st.state().isFinal()
                        || (st.counts().success()
                                        >= Math.max(1, (int) (st.counts().total() * fraction))
                                && st.counts().waiting()
                                                + st.counts().inProgress()
                                                + st.counts().retrying()
                                        > 0),
                "to be " + Math.round(fraction * 100) + "% done with work left",
                timeout,
                x -> {});
        if (s.state().isFinal()) {
            throw new InconclusiveException("command " + commandId + " finished (" + s.summary()
                    + ") before the check could act mid-way; lower the agent's rate limit or raise the resource count");
        }
        return s;
    }

    /** Waits until the apply has updates in flight (InProgress), the moment a cancel "with work in flight" needs. */
    static CommandStatus awaitInFlight(FormaeSession session, String commandId, double fraction, Duration timeout) {
        CommandStatus s = session.awaitStatus(
                commandId,
                st -> st.state().isFinal()
                        || (st.counts().success() >= (int) (st.counts().total() * fraction)
                                && st.counts().inProgress() + st.counts().retrying() > 0
                                && st.counts().waiting() > 0),
                "to have updates in flight",
                timeout,
                x -> {});
        if (s.state().isFinal()) {
            throw new InconclusiveException("no update of command " + commandId + " was seen InProgress before it"
                    + " finished (" + s.summary() + "), so the check could not act with work in flight: the agent's"
                    + " update states come from its plugin's progress results, and a plugin that answers at once goes"
                    + " NotStarted -> Success");
        }
        return s;
    }

    /** The session's cloud, when it can be looked at; inconclusive otherwise (a plugin living inside the agent). */
    static void requireObservableCloud(FormaeSession session, String why) {
        if (!session.cloud().isObservable()) {
            throw new InconclusiveException("the check needs to look at the cloud (" + why + "), but there is "
                    + session.cloud().describe());
        }
    }

    /** Inconclusive unless the environment holds a resource of one of {@code types}. */
    static void requireTypes(FormaeSession session, String why, String... types) {
        for (String t : types) {
            if (session.environment().countsByType().getOrDefault(t, 0) > 0) {
                return;
            }
        }
        throw new InconclusiveException("the environment holds no " + String.join(" or ", types) + " (" + why
                + "); its types are " + session.environment().sortedCounts().keySet());
    }

    /** The agent log's abnormal-termination lines, in either spelling. */
    static java.util.Optional<String> firstCrash(FormaeSession session) {
        return session.currentAbnormalTerminations().stream().findFirst();
    }

    /**
     * Submits an apply; when the agent answers with an error, looks for a command the agent stored
     * anyway (bug 1's symptom), giving it {@code within} to appear.
     */
    static Submission submitApply(FormaeSession session, Duration within) {
        long start = System.nanoTime();
        try {
            String id = session.apply();
            return new Submission(id, Optional.empty(), Duration.ofNanos(System.nanoTime() - start));
        } catch (FormaeApiException e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            long deadline = System.nanoTime() + within.toNanos();
            List<CommandStatus> stored = List.of();
            while (System.nanoTime() < deadline) {
                stored = session.client().statusQuery("client:me", 10);
                if (!stored.isEmpty()) {
                    break;
                }
                sleep(100);
            }
            String id = stored.stream()
                    .max(Comparator.comparing(CommandStatus::startTs))
                    .map(CommandStatus::commandId)
                    .orElse(null);
            return new Submission(id, Optional.of(e), elapsed);
        }
    }

    record Submission(String commandId, Optional<FormaeApiException> error, Duration elapsed) {}

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}

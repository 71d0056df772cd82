package dev.infraperf.formae;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.cloud.CloudResource;
import dev.infraperf.parts.ResolvedPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A session's teardown, seven steps in order, each run whatever the previous ones did: bring the agent back if
 * it is down, cancel what still runs, destroy what the run created, audit the cloud, scan the agent log, close
 * the cloud, close the agent. Failures are aggregated: the first assertion (or else the first failure) is thrown
 * with the others suppressed in it.
 */
final class SessionTeardown {

    private final FormaeSession session;
    private final List<Throwable> failures = new ArrayList<>();
    private List<String> errorLines = List.of();
    private List<CloudResource> leftovers = List.of();

    SessionTeardown(FormaeSession session) {
        this.session = session;
    }

    List<String> errorLines() {
        return errorLines;
    }

    List<CloudResource> leftovers() {
        return leftovers;
    }

    void run(ResolvedPart<?> cloudPart, ResolvedPart<?> agentPart) {
        step(this::ensureAgentUp);
        step(this::cancelRunning);
        step(this::destroyWhatWasCreated);
        step(this::auditCloud);
        step(this::scanLog);
        step(() -> closePart(cloudPart));
        step(() -> closePart(agentPart));
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.stream()
                .filter(f -> f instanceof AssertionError)
                .findFirst()
                .orElse(failures.get(0));
        for (Throwable other : failures) {
            if (other != first) {
                first.addSuppressed(other);
            }
        }
        if (first instanceof AssertionError assertion) {
            throw assertion;
        }
        throw new AssertionError("teardown of " + session.environment().envId() + " failed: " + first, first);
    }

    private void step(Runnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private static void closePart(ResolvedPart<?> part) {
        try {
            part.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + part.part() + " failed: " + e.getMessage(), e);
        }
    }

    private FormaeClient client() {
        return session.client();
    }

    private void ensureAgentUp() {
        FormaeAgent agent = session.agent();
        if (agent.canRestart() && !agent.isAlive()) {
            session.print("teardown: agent is down, starting it to clean up");
            agent.start();
        }
    }

    private void cancelRunning() {
        List<String> stuck = new ArrayList<>();
        for (String id : session.submittedCommands()) {
            Optional<CommandStatus> s = client().status(id);
            if (s.isPresent() && !s.get().state().isFinal()) {
                session.print("teardown: cancelling " + id + " (" + s.get().state() + ")");
                client().cancel("id:" + id);
                // Formae cancels only InProgress commands: a NotStarted one is stuck at once.
                if (s.get().state() == CommandState.NOT_STARTED || !stopsWithin(id, Duration.ofSeconds(15))) {
                    stuck.add(id);
                }
            }
        }
        if (stuck.isEmpty()) {
            return;
        }
        FormaeAgent agent = session.agent();
        if (!agent.canRestart()) {
            session.note("teardown: commands " + stuck + " did not stop after cancel");
            return;
        }
        // A crashed executor (bug 8) or a command never started (bugs 1 and 2) only moves after a restart.
        session.print("teardown: " + stuck + " did not stop after cancel; restarting the agent");
        agent.kill();
        agent.start();
        for (String id : stuck) {
            client().cancel("id:" + id);
            if (!stopsWithin(id, Duration.ofSeconds(20))) {
                session.note("teardown: command " + id + " did not stop even after an agent restart");
            }
        }
    }

    private boolean stopsWithin(String id, Duration timeout) {
        Instant start = Instant.now();
        try {
            // A command still NotStarted a few seconds after a restart is not going to be resumed.
            CommandStatus s = session.awaitStatus(
                    id,
                    st -> st.state().isFinal()
                            || (st.state() == CommandState.NOT_STARTED
                                    && Duration.between(start, Instant.now()).toSeconds() >= 3),
                    "to stop after cancel",
                    timeout,
                    x -> {});
            return s.state().isFinal();
        } catch (AssertionError e) {
            return false;
        }
    }

    private void destroyWhatWasCreated() {
        for (int pass = 1; pass <= 2; pass++) {
            Inventory managed = session.managedInventory();
            if (managed.managedCount() == 0) {
                return;
            }
            session.print("teardown: destroy pass " + pass + " (" + managed.managedCount() + " managed)");
            String id = submitWithRetry();
            CommandStatus done = session.awaitStatus(
                    id, s -> s.state().isFinal(), "to finish the teardown destroy", session.awaitTimeout(), x -> {});
            session.note("teardown destroy pass " + pass + ": " + done.summary());
            // 0.75.6 reads Success before the last resource left the inventory: let it settle before another pass.
            session.awaitInventorySettled(done);
        }
    }

    private String submitWithRetry() {
        FormaeApiException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return client().destroy(session.environment().forma());
            } catch (AgentFailureException e) {
                throw e;
            } catch (FormaeApiException e) {
                // 409 ConflictingCommands while a cancelled command drains: wait and retry.
                last = e;
                FormaeSession.sleep(Duration.ofMillis(500));
            }
        }
        throw last;
    }

    private void auditCloud() {
        CloudAudit cloud = session.cloud();
        if (!cloud.isObservable()) {
            session.note("teardown: no cloud audit: " + cloud.describe());
            session.print("teardown: " + cloud.describe());
            return;
        }
        List<CloudResource> found = cloud.resourcesOf(session.environment().envId());
        leftovers = List.copyOf(found);
        if (found.isEmpty()) {
            session.print("teardown: cloud audit clean (" + cloud.describe() + ")");
            return;
        }
        String list = found.stream().map(r -> "  - " + r.describe()).collect(Collectors.joining("\n"));
        List<String> notDeleted = deleteOutOfBand(cloud, found);
        String message = "Expecting the cloud to hold no resource of "
                + session.environment().envId()
                + " after destroy,\nbut it holds " + found.size() + ":\n" + list
                + (notDeleted.isEmpty()
                        ? "\n(deleted out of band by the teardown)"
                        : "\n(could not delete out of band: " + notDeleted + ")");
        if (session.leftoversExpected()) {
            session.note("expected leftovers: " + message);
            session.print("teardown: " + found.size() + " expected leftovers deleted out of band");
        } else {
            throw new AssertionError(message);
        }
    }

    private static List<String> deleteOutOfBand(CloudAudit cloud, List<CloudResource> resources) {
        List<CloudResource> remaining = new ArrayList<>(resources);
        List<String> errors = new ArrayList<>();
        // Dependencies (record sets before zones, subnets before VPCs) may need several passes on AWS.
        for (int pass = 0; pass < 4 && !remaining.isEmpty(); pass++) {
            errors.clear();
            List<CloudResource> next = new ArrayList<>();
            for (CloudResource r : remaining) {
                try {
                    cloud.deleteOutOfBand(r);
                } catch (RuntimeException e) {
                    next.add(r);
                    errors.add(r.describe() + ": " + e.getMessage());
                }
            }
            remaining = next;
        }
        return errors;
    }

    private void scanLog() {
        errorLines = session.currentAgentErrorLines();
        if (!errorLines.isEmpty()) {
            session.print("agent log has " + errorLines.size() + " ERR lines; first: " + errorLines.get(0));
        }
        List<String> abnormal = AgentLog.abnormalTerminations(errorLines);
        if (!abnormal.isEmpty() && !session.abnormalTerminationExpected()) {
            throw new AssertionError("Expecting the agent log to have no '" + AgentLog.ABNORMAL_TERMINATION
                    + "' line,\nbut it has " + abnormal.size() + ":\n  " + String.join("\n  ", abnormal));
        }
    }
}

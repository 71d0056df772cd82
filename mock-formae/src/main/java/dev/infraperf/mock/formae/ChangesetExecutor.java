package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.infraperf.mock.formae.States.CommandState;
import dev.infraperf.mock.formae.States.Operation;
import dev.infraperf.mock.formae.States.UpdateState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command, like Formae's ChangesetExecutor FSM: a mailbox processed by one thread, in the
 * states {@code not_started processing canceling finished}. Updates start when what they depend on is
 * done, within the concurrency bound and the namespace's rate limit; when tokens run out a
 * {@code Resume} is scheduled one second later, and that timer is not cancelled by a state change.
 * Workers run the cloud operations on virtual threads and report back through the mailbox; the
 * executor alone records their results.
 */
final class ChangesetExecutor {

    private sealed interface Message permits Start, Resume, Finished, Cancel {}

    private record Start() implements Message {}

    private record Resume() implements Message {}

    private record Finished(ResourceUpdate update, Outcome outcome) implements Message {}

    private record Cancel(CompletableFuture<Boolean> reply) implements Message {}

    /** What a worker learned from the cloud. */
    record Outcome(UpdateState state, String nativeId, JsonNode model, String error) {}

    private enum Phase {
        not_started,
        processing,
        canceling,
        finished,
        crashed
    }

    private final Agent agent;
    final String commandId;
    private final String command;
    private final List<ResourceUpdate> updates;
    private final Map<ResourceKey, ResourceUpdate> applyByKey = new HashMap<>();
    /** For each delete, the deletes of the resources that reference it (they go first). */
    private final Map<ResourceUpdate, List<ResourceUpdate>> deleteAfter = new HashMap<>();

    private final BlockingQueue<Message> mailbox = new LinkedBlockingQueue<>();
    private final Set<ResourceUpdate> inFlight = new HashSet<>();
    /** Updates abandoned by a cancel (orphan-on-cancel): their results are dropped. */
    private final Set<ResourceUpdate> abandoned = new HashSet<>();

    private volatile Phase phase = Phase.not_started;
    private boolean started;
    private volatile boolean cancelRequested;
    private boolean resumeScheduled;
    private final List<ResourceUpdate> recovering = new ArrayList<>();

    ChangesetExecutor(Agent agent, CommandRecord record, List<ResourceUpdate> updates) {
        this.agent = agent;
        this.commandId = record.id();
        this.command = record.command();
        this.updates = updates;
        this.cancelRequested = record.cancelRequested();
        this.started = record.started();
        Map<ResourceKey, ResourceUpdate> deletes = new HashMap<>();
        for (ResourceUpdate u : updates) {
            if (u.operation == Operation.delete) {
                deletes.put(u.key, u);
            } else {
                applyByKey.put(u.key, u);
            }
        }
        for (ResourceUpdate u : updates) {
            if (u.operation != Operation.delete) {
                continue;
            }
            for (Forma.Reference ref : u.references) {
                ResourceUpdate referenced = deletes.get(ref.target());
                if (referenced != null && referenced != u) {
                    deleteAfter
                            .computeIfAbsent(referenced, k -> new ArrayList<>())
                            .add(u);
                }
            }
        }
    }

    Set<ResourceKey> keys() {
        Set<ResourceKey> keys = new HashSet<>();
        updates.forEach(u -> keys.add(u.key));
        return keys;
    }

    boolean isAlive() {
        Phase p = phase;
        return p != Phase.finished && p != Phase.crashed;
    }

    /** Updates that were in flight when the agent stopped: the cloud is asked about them first. */
    void recoverInFlight(List<ResourceUpdate> inProgress) {
        recovering.addAll(inProgress);
    }

    void start() {
        Thread.ofVirtual().name("changeset-executor-" + commandId).start(this::loop);
        mailbox.add(new Start());
    }

    /** Returns whether the cancel reached a live executor. */
    CompletableFuture<Boolean> cancel() {
        CompletableFuture<Boolean> reply = new CompletableFuture<>();
        if (!isAlive()) {
            reply.complete(false);
        } else {
            mailbox.add(new Cancel(reply));
        }
        return reply;
    }

    private void loop() {
        try {
            while (isAlive()) {
                Message message = mailbox.poll(1, TimeUnit.SECONDS);
                if (message != null) {
                    handle(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UnhandledMessage e) {
            phase = Phase.crashed;
            agent.log.error("process terminated abnormally - " + e.getMessage() + " [name='formae://changeset/executor/"
                    + commandId + "']");
            if (!agent.options.has(Bug.SYNC_EXCLUSIONS_LEAK)) {
                // A supervisor that cleans up after the crash; the leak is bug 6's, not bug 8's.
                inFlight.forEach(u -> agent.synchronizer.unregister(u.key));
            }
        } catch (RuntimeException e) {
            phase = Phase.crashed;
            agent.log.error(
                    "process terminated abnormally - " + e + " [name='formae://changeset/executor/" + commandId + "']");
        } finally {
            agent.executorEnded(this);
        }
    }

    /** An FSM without a handler for a message in its current state terminates, as ergo's statemachine does. */
    private static final class UnhandledMessage extends RuntimeException {
        UnhandledMessage(String message) {
            super(message, null, false, false);
        }
    }

    private void handle(Message message) {
        switch (phase) {
            case not_started -> {
                if (message instanceof Start) {
                    onStart();
                } else if (message instanceof Cancel cancel) {
                    // Formae cancels only InProgress commands; one not started yet is not cancelled.
                    cancel.reply().complete(false);
                } else {
                    throw new UnhandledMessage(
                            "No handler for message changeset." + messageName(message) + " in state 'not_started'");
                }
            }
            case processing -> {
                if (message instanceof Resume) {
                    resumeScheduled = false;
                    schedule();
                } else if (message instanceof Finished finished) {
                    onFinished(finished);
                } else if (message instanceof Cancel cancel) {
                    onCancel(cancel);
                }
            }
            case canceling -> {
                if (message instanceof Resume) {
                    if (agent.options.has(Bug.NO_RESUME_WHILE_CANCELING)) {
                        throw new UnhandledMessage("No handler for message changeset.Resume in state 'canceling'");
                    }
                    agent.log.debug("changeset " + commandId + ": ignoring rate-limit Resume while canceling");
                } else if (message instanceof Finished finished) {
                    onFinished(finished);
                } else if (message instanceof Cancel cancel) {
                    cancel.reply().complete(true);
                }
            }
            default -> {
                // finished or crashed: the loop has ended
            }
        }
    }

    private static String messageName(Message message) {
        return message.getClass().getSimpleName();
    }

    private void onStart() {
        phase = Phase.processing;
        started = true;
        agent.log.info(
                "changeset " + commandId + ": started " + command + " with " + updates.size() + " resource updates");
        if (!recovering.isEmpty()) {
            for (ResourceUpdate u : recovering) {
                inFlight.add(u);
                agent.synchronizer.register(u.key);
                agent.workers.submit(() -> work(u, true));
            }
            agent.log.info("changeset " + commandId + ": asking the cloud about " + recovering.size()
                    + " updates that were in flight before the restart");
            recovering.clear();
        }
        if (cancelRequested) {
            // A cancel that was waiting when the agent stopped goes on waiting.
            markNotStartedCanceled();
            phase = inFlight.isEmpty() ? Phase.finished : Phase.canceling;
            persistCommandState();
            finishIfDone();
            return;
        }
        persistCommandState();
        schedule();
        finishIfDone();
    }

    private void onCancel(Cancel cancel) {
        cancelRequested = true;
        markNotStartedCanceled();
        if (agent.options.has(Bug.ORPHAN_ON_CANCEL) && !inFlight.isEmpty()) {
            // The cancel does not wait: updates in flight are written off while the cloud still works on them.
            Instant now = Instant.now();
            for (ResourceUpdate u : inFlight) {
                u.state = UpdateState.Canceled;
                u.stateMessage = "canceled while in flight";
                u.modifiedTs = now;
                abandoned.add(u);
            }
            agent.db.saveUpdates(new ArrayList<>(inFlight), null, null, true, true);
            if (!agent.options.has(Bug.SYNC_EXCLUSIONS_LEAK)) {
                inFlight.forEach(u -> agent.synchronizer.unregister(u.key));
            }
            inFlight.clear();
        }
        agent.log.info("changeset " + commandId + ": cancel requested, " + inFlight.size() + " updates in flight");
        phase = inFlight.isEmpty() ? Phase.finished : Phase.canceling;
        persistCommandState();
        cancel.reply().complete(true);
        finishIfDone();
    }

    private void markNotStartedCanceled() {
        List<ResourceUpdate> changed = new ArrayList<>();
        Instant now = Instant.now();
        for (ResourceUpdate u : updates) {
            if (u.state == UpdateState.NotStarted || u.state == UpdateState.Pending) {
                u.state = UpdateState.Canceled;
                u.modifiedTs = now;
                changed.add(u);
            }
        }
        if (!changed.isEmpty()) {
            agent.db.saveUpdates(changed, null, null, true, true);
        }
    }

    private void onFinished(Finished finished) {
        ResourceUpdate u = finished.update();
        if (abandoned.remove(u)) {
            agent.log.warn("changeset " + commandId + ": result of " + u.operation + " " + u.key
                    + " arrived after the cancel; dropped");
            return;
        }
        if (!inFlight.remove(u)) {
            return;
        }
        boolean wasProcessing = phase == Phase.processing;
        Outcome outcome = finished.outcome();
        u.state = outcome.state();
        if (outcome.nativeId() != null) {
            u.nativeId = outcome.nativeId();
        }
        u.errorMessage = outcome.error();
        u.modifiedTs = Instant.now();
        u.durationMs = u.startedAt == null
                ? 0
                : Duration.between(u.startedAt, u.modifiedTs).toMillis();
        InventoryResource upsert = null;
        String delete = null;
        if (u.state == UpdateState.Success) {
            if (u.operation == Operation.delete) {
                delete = u.ksuid;
            } else {
                upsert = new InventoryResource(
                        u.ksuid,
                        u.key,
                        u.target,
                        u.nativeId,
                        outcome.model() == null ? NullNode.getInstance() : outcome.model(),
                        u.properties,
                        true,
                        commandId);
            }
        } else {
            agent.log.error("resource update " + u.operation + " " + u.key + " failed: " + u.errorMessage);
        }
        if (wasProcessing || !agent.options.has(Bug.SYNC_EXCLUSIONS_LEAK)) {
            agent.synchronizer.unregister(u.key);
        }
        if (phase == Phase.canceling && inFlight.isEmpty()) {
            phase = Phase.finished;
        }
        agent.db.finishUpdate(u, upsert, delete, derive(), started, cancelRequested);
        if (phase == Phase.processing) {
            schedule();
        }
        finishIfDone();
    }

    /** Starts what may start now. */
    private void schedule() {
        List<ResourceUpdate> starting = new ArrayList<>();
        List<ResourceUpdate> failing = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (ResourceUpdate u : updates) {
                if (u.state != UpdateState.NotStarted) {
                    continue;
                }
                String blocked = blockedBy(u);
                if (blocked == null) {
                    if (inFlight.size() + starting.size() >= agent.options.maxConcurrency()) {
                        break;
                    }
                    if (!agent.limiter.tryAcquire(u.key.namespace(), agent.options.rateLimit())) {
                        scheduleResume();
                        break;
                    }
                    u.state = UpdateState.InProgress;
                    u.startedAt = Instant.now();
                    u.modifiedTs = u.startedAt;
                    u.attempts = 1;
                    starting.add(u);
                } else if (blocked.startsWith("!")) {
                    u.state = UpdateState.Failed;
                    u.errorMessage = blocked.substring(1);
                    u.modifiedTs = Instant.now();
                    failing.add(u);
                    progress = true; // what waited on this one may now fail too
                }
            }
        }
        if (starting.isEmpty() && failing.isEmpty()) {
            return;
        }
        List<ResourceUpdate> changed = new ArrayList<>(failing);
        changed.addAll(starting);
        agent.db.saveUpdates(changed, commandId, derive(), started, cancelRequested);
        for (ResourceUpdate u : starting) {
            inFlight.add(u);
            agent.synchronizer.register(u.key);
            agent.workers.submit(() -> work(u, false));
        }
    }

    /** Null when the update may start; a reason when it must wait; "!" + reason when it can never run. */
    private String blockedBy(ResourceUpdate u) {
        if (u.operation == Operation.delete) {
            for (ResourceUpdate dependent : deleteAfter.getOrDefault(u, List.of())) {
                if (!dependent.state.isFinal()) {
                    return "waiting for the delete of " + dependent.key;
                }
                if (dependent.state != UpdateState.Success) {
                    return "!" + dependent.key + " which references it was not deleted";
                }
            }
            return null;
        }
        for (Forma.Reference ref : u.references) {
            ResourceUpdate dependency = applyByKey.get(ref.target());
            if (dependency != null && dependency != u) {
                if (!dependency.state.isFinal()) {
                    return "waiting for " + dependency.key;
                }
                if (dependency.state != UpdateState.Success) {
                    return "!referenced resource " + dependency.key + " was not created";
                }
            }
        }
        return null;
    }

    private void scheduleResume() {
        if (resumeScheduled) {
            return;
        }
        resumeScheduled = true;
        // changeset-executor-rate-limit-<cmd>: a GenericTimeout that no state change cancels.
        agent.timer.schedule(() -> mailbox.add(new Resume()), 1, TimeUnit.SECONDS);
    }

    private void finishIfDone() {
        if (phase == Phase.processing && updates.stream().allMatch(u -> u.state.isFinal())) {
            phase = Phase.finished;
        }
        if (phase == Phase.finished) {
            CommandState state = derive();
            agent.db.setCommandState(commandId, state, true, cancelRequested);
            agent.log.info("changeset " + commandId + ": " + command + " finished " + state);
        }
    }

    private CommandState derive() {
        int notFinal = 0;
        int canceled = 0;
        int failed = 0;
        for (ResourceUpdate u : updates) {
            if (!u.state.isFinal()) {
                notFinal++;
            } else if (u.state == UpdateState.Canceled) {
                canceled++;
            } else if (u.state == UpdateState.Failed || u.state == UpdateState.Rejected) {
                failed++;
            }
        }
        return States.derive(
                updates.size(),
                notFinal,
                canceled,
                failed,
                started,
                cancelRequested,
                !agent.options.has(Bug.NO_CANCELING_STATE));
    }

    private void persistCommandState() {
        agent.db.setCommandState(commandId, derive(), started, cancelRequested);
    }

    // ------------------------------------------------------------------------------------------ workers

    private void work(ResourceUpdate u, boolean recover) {
        Outcome outcome;
        try {
            outcome = perform(u, recover);
        } catch (RuntimeException e) {
            outcome = new Outcome(UpdateState.Failed, u.nativeId, null, "agent error: " + e.getMessage());
        }
        if (phase == Phase.crashed) {
            agent.log.error("failed to send ResourceUpdateFinished message to requester (error: unknown process)"
                    + " [update " + u.operation + " " + u.key + ", command " + commandId + "]");
            return;
        }
        mailbox.add(new Finished(u, outcome));
    }

    private Outcome perform(ResourceUpdate u, boolean recover) {
        CloudConnection cloud = agent.cloud;
        if (recover) {
            try {
                Optional<CloudConnection.OperationResult> known = cloud.operationByClientToken(u.clientToken());
                if (known.isPresent()) {
                    agent.log.info("recovered " + u.operation + " " + u.key + " from the cloud: "
                            + known.get().status());
                    return outcome(u, awaitFinal(known.get()));
                }
            } catch (IOException e) {
                agent.log.warn("could not ask the cloud about " + u.key + ": " + e.getMessage());
            }
        }
        JsonNode properties = null;
        if (u.operation != Operation.delete) {
            try {
                properties = agent.resolve(u);
            } catch (IllegalStateException e) {
                return new Outcome(UpdateState.Failed, u.nativeId, null, e.getMessage());
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (u.operation == Operation.create || u.operation == Operation.update) {
            // Formae appends its tags to the desired state of every resource; an update replaces the
            // resource's tags in the cloud, so it must carry them as the create did.
            tags.put("FormaeResourceLabel", u.key.label());
            tags.put("FormaeStackLabel", u.key.stack());
        }
        long backoffMillis = 100;
        while (true) {
            try {
                CloudConnection.OperationResult accepted = cloud.submit(
                        u.operation.name(),
                        u.key.type(),
                        u.key.label(),
                        u.operation == Operation.create ? null : u.nativeId,
                        properties,
                        tags,
                        u.clientToken());
                if (u.operation == Operation.create && accepted.nativeId() != null) {
                    u.nativeId = accepted.nativeId();
                }
                return outcome(u, awaitFinal(accepted));
            } catch (CloudConnection.RejectedException e) {
                // A permanent refusal (invalid request): retrying would only repeat it.
                agent.log.error("not retrying " + u.operation + " " + u.key + ": " + e.getMessage());
                return new Outcome(UpdateState.Failed, u.nativeId, null, e.getMessage());
            } catch (CloudConnection.ThrottledException | IOException e) {
                if (u.attempts >= u.maxAttempts) {
                    return new Outcome(
                            UpdateState.Failed,
                            u.nativeId,
                            null,
                            "gave up after " + u.attempts + " attempts; last error: " + e.getMessage());
                }
                u.attempts++;
                u.stateMessage = (e instanceof CloudConnection.ThrottledException ? "Throttling: " : "retrying: ")
                        + e.getMessage();
                u.modifiedTs = Instant.now();
                agent.db.saveAttempt(u);
                agent.log.warn(
                        "retrying " + u.operation + " " + u.key + " (attempt " + u.attempts + "): " + e.getMessage());
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 2_000);
            }
        }
    }

    private CloudConnection.OperationResult awaitFinal(CloudConnection.OperationResult status) {
        long pause = 5;
        CloudConnection.OperationResult current = status;
        while (!current.isFinal()) {
            sleep(pause);
            pause = Math.min(pause * 2, 250);
            try {
                current = agent.cloud.operation(current.requestId());
            } catch (IOException e) {
                agent.log.warn("status check of cloud request " + current.requestId() + " failed: " + e.getMessage());
                pause = 1_000;
            }
        }
        return current;
    }

    private static Outcome outcome(ResourceUpdate u, CloudConnection.OperationResult result) {
        String nativeId = result.nativeId() != null ? result.nativeId() : u.nativeId;
        if (result.succeeded()) {
            return new Outcome(UpdateState.Success, nativeId, result.resourceModel(), null);
        }
        if (u.operation == Operation.delete && "NotFound".equals(result.errorCode())) {
            // Already gone: the goal of a delete is reached.
            return new Outcome(UpdateState.Success, nativeId, null, null);
        }
        return new Outcome(UpdateState.Failed, nativeId, null, result.errorCode() + ": " + result.message());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static JsonNode text(String value) {
        return value == null ? NullNode.getInstance() : TextNode.valueOf(value);
    }
}

package dev.infraperf.mock.formae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infraperf.mock.formae.States.CommandState;
import dev.infraperf.mock.formae.States.Operation;
import dev.infraperf.mock.formae.States.UpdateState;
import dev.infraperf.mock.formae.internal.TokenBuckets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's core (Formae's metastructure): plans commands against the inventory, stores them,
 * runs them with one {@link ChangesetExecutor} each, resumes incomplete ones after a restart, and
 * synchronizes the inventory with the cloud.
 */
final class Agent implements AutoCloseable {

    static final String VERSION = "0.75.6-mock";

    final AgentOptions options;
    final AgentDatabase db;
    final AgentLog log;
    final CloudConnection cloud;
    /** Formae's per-namespace rate limiter ({@code changeset/rate_limiter.go}), at {@code --rate-limit}. */
    final TokenBuckets limiter;

    final Synchronizer synchronizer;
    final ScheduledExecutorService timer;
    final ExecutorService workers;
    final String agentId;
    private final Map<String, ChangesetExecutor> executors = new ConcurrentHashMap<>();
    private final Object submitLock = new Object();
    private final AtomicLong commandSeq;

    /** The answer to a submitted command. */
    record Submitted(
            String commandId, JsonNode description, boolean simulated, boolean changesRequired, JsonNode command) {}

    Agent(AgentOptions options, CloudConnection cloud) {
        this.options = options;
        this.log = new AgentLog(options.dataDir().resolve("log").resolve("formae.log"));
        this.db = new AgentDatabase(options.dataDir().resolve("data").resolve("formae.db"));
        this.cloud = cloud;
        this.limiter = new TokenBuckets(System::nanoTime);
        this.synchronizer = new Synchronizer(this);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "formae-timer");
            t.setDaemon(true);
            return t;
        });
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        this.agentId = agentId(options.dataDir().resolve("agent_id"));
        this.commandSeq = new AtomicLong(db.nextCommandSeq() - 1);
    }

    /** Kept in {@code <data-dir>/agent_id}, as Formae keeps its own, so it survives restarts. */
    private static String agentId(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = Ksuid.next();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the agent id " + file, e);
        }
    }

    void start() {
        log.info("agent " + agentId + " starting (version " + VERSION + ", bugs " + bugNames() + ", rate limit "
                + (options.rateLimit() == 0 ? "off" : options.rateLimit() + "/s") + ", cloud "
                + CloudConnection.redacted(cloud.uri())
                + ")");
        resumeIncompleteCommands();
        long period = options.syncInterval().toMillis();
        if (period > 0) {
            timer.scheduleWithFixedDelay(
                    () -> workers.submit(this::synchronizeQuietly), period, period, TimeUnit.MILLISECONDS);
        }
    }

    String bugNames() {
        return options.bugs().stream().map(b -> b.switchName).toList().toString();
    }

    // ------------------------------------------------------------------------------------------ restart

    private void resumeIncompleteCommands() {
        List<CommandState> states = options.has(Bug.RESUME_INPROGRESS_ONLY)
                ? List.of(CommandState.InProgress, CommandState.Canceling)
                : List.of(CommandState.NotStarted, CommandState.InProgress, CommandState.Canceling);
        List<CommandRecord> incomplete = db.incompleteCommands(states);
        for (CommandRecord command : incomplete) {
            List<ResourceUpdate> updates = db.updatesOf(command.id());
            List<ResourceUpdate> inFlight = new ArrayList<>();
            if (options.has(Bug.RESET_STATES_ON_RESTART)) {
                // ReRunIncompleteCommands at 0.75.x: every update back to NotStarted, the whole changeset again.
                for (ResourceUpdate u : updates) {
                    u.state = UpdateState.NotStarted;
                    u.attempts = 0;
                    u.errorMessage = null;
                    u.stateMessage = null;
                    u.startedAt = null;
                    u.durationMs = 0;
                    u.generation++;
                }
                db.saveUpdates(updates, command.id(), CommandState.InProgress, true, command.cancelRequested());
            } else {
                for (ResourceUpdate u : updates) {
                    if (u.state == UpdateState.InProgress || u.state == UpdateState.Pending) {
                        inFlight.add(u);
                    }
                }
            }
            ChangesetExecutor executor = new ChangesetExecutor(this, command, updates);
            executor.recoverInFlight(inFlight);
            executors.put(command.id(), executor);
            log.info("resuming " + command.command() + " command " + command.id() + " (" + command.state() + ", "
                    + updates.size() + " updates, " + inFlight.size() + " in flight)");
            executor.start();
        }
        log.info("resumed " + incomplete.size() + " incomplete commands");
    }

    void executorEnded(ChangesetExecutor executor) {
        executors.remove(executor.commandId, executor);
    }

    // --------------------------------------------------------------------------------------- submission

    Submitted submit(String clientId, String command, String mode, boolean simulate, byte[] file, String query) {
        if (!command.equals("apply") && !command.equals("destroy")) {
            throw ApiException.badRequest("InvalidCommand", "command [" + command + "] is not apply or destroy");
        }
        if (command.equals("apply") && !mode.equals("reconcile") && !mode.equals("patch")) {
            throw ApiException.badRequest("InvalidMode", "mode [" + mode + "] is not accepted; use reconcile or patch");
        }
        Forma forma = null;
        if (file != null) {
            try {
                forma = Forma.parse(file);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("InvalidForma", e.getMessage());
            }
        } else if (command.equals("apply") || query == null || query.isBlank()) {
            throw ApiException.badRequest(
                    "MissingForma",
                    "the multipart field [file] with the Forma JSON is required"
                            + (command.equals("destroy") ? " (or [query] for a destroy by query)" : ""));
        }
        synchronized (submitLock) {
            String commandId = Ksuid.next();
            List<ResourceUpdate> updates;
            List<String> stacks;
            try {
                if (command.equals("apply")) {
                    updates = planApply(commandId, forma, mode.equals("reconcile"));
                    stacks = stacksOf(forma);
                } else if (forma != null) {
                    updates = planDestroy(commandId, forma);
                    stacks = stacksOf(forma);
                } else {
                    updates = planDestroyByQuery(commandId, query);
                    stacks = updates.stream().map(u -> u.key.stack()).distinct().toList();
                }
            } catch (IllegalArgumentException e) {
                // a resolvable that cannot be read (an embedded envelope that is not base64 JSON)
                throw ApiException.badRequest("InvalidForma", e.getMessage());
            }
            JsonNode description = forma == null ? null : forma.description();
            Instant now = Instant.now();
            boolean empty = updates.isEmpty();
            CommandRecord record = new CommandRecord(
                    commandId,
                    commandSeq.incrementAndGet(),
                    command,
                    command.equals("apply") ? mode : null,
                    empty ? CommandState.Success : CommandState.NotStarted,
                    clientId,
                    now,
                    now,
                    empty,
                    false,
                    stacks,
                    description);
            List<TargetUpdate> targets = targetUpdates(forma, command, now);
            if (simulate) {
                return new Submitted(
                        commandId, description, true, !empty, StatusJson.command(record, updates, targets));
            }
            checkConflicts(updates);
            store(record, updates, targets);
            log.info("stored " + command + " command " + commandId + " with " + updates.size() + " resource updates"
                    + " for client " + clientId);
            if (!empty) {
                ChangesetExecutor executor = new ChangesetExecutor(this, record, updates);
                executors.put(commandId, executor);
                executor.start();
            }
            return new Submitted(commandId, description, false, !empty, null);
        }
    }

    private void store(CommandRecord record, List<ResourceUpdate> updates, List<TargetUpdate> targets) {
        long t0 = System.nanoTime();
        if (!options.has(Bug.PERSIST_TIMEOUT)) {
            db.storeCommand(record, updates, targets);
            log.debug("stored forma command " + record.id() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms ("
                    + updates.size() + " resource updates)");
            return;
        }
        // MetastructureBridge.Call at 0.75.x: the caller gives up after the call timeout, the persister does not.
        CompletableFuture<Void> storing = CompletableFuture.runAsync(
                () -> {
                    db.storeCommandLegacy(record, updates, targets, options.legacyStoreCostPerResource());
                    log.info("forma command " + record.id() + " stored in " + (System.nanoTime() - t0) / 1_000_000
                            + " ms");
                },
                workers);
        try {
            storing.get(options.persistCallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.error("failed to store forma command: timeout after "
                    + options.persistCallTimeout().toMillis() + " ms [command " + record.id() + ", " + updates.size()
                    + " resources]");
            throw new ApiException(
                    500,
                    null,
                    Forma.JSON.createObjectNode().put("message", "failed to store forma" + " command: timeout"));
        } catch (ExecutionException e) {
            throw new IllegalStateException("storing the command failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the command", e);
        }
    }

    private void checkConflicts(List<ResourceUpdate> updates) {
        Set<ResourceKey> keys = new HashSet<>();
        updates.forEach(u -> keys.add(u.key));
        List<String> conflicting = new ArrayList<>();
        for (ChangesetExecutor executor : executors.values()) {
            if (executor.isAlive() && executor.keys().stream().anyMatch(keys::contains)) {
                conflicting.add(executor.commandId);
            }
        }
        if (!conflicting.isEmpty()) {
            ObjectNode data = Forma.JSON.createObjectNode();
            ArrayNode ids = data.putArray("ConflictingCommands");
            conflicting.forEach(ids::add);
            throw new ApiException(409, "ConflictingCommands", data);
        }
    }

    private static List<String> stacksOf(Forma forma) {
        Set<String> stacks = new LinkedHashSet<>();
        forma.stacks().forEach(s -> stacks.add(s.label()));
        forma.resources().forEach(r -> stacks.add(r.stack()));
        return new ArrayList<>(stacks);
    }

    private static List<TargetUpdate> targetUpdates(Forma forma, String command, Instant now) {
        List<TargetUpdate> targets = new ArrayList<>();
        if (forma == null || !command.equals("apply")) {
            return targets;
        }
        for (Forma.Target t : forma.targets()) {
            targets.add(new TargetUpdate(
                    t.label(), t.namespace(), t.config(), t.discoverable(), "create", "Success", 0, now, now));
        }
        return targets;
    }

    private Map<ResourceKey, InventoryResource> inventoryByKey() {
        Map<ResourceKey, InventoryResource> inventory = new HashMap<>();
        for (InventoryResource r : db.allResources()) {
            inventory.put(r.key(), r);
        }
        return inventory;
    }

    private List<ResourceUpdate> planApply(String commandId, Forma forma, boolean reconcile) {
        Map<ResourceKey, InventoryResource> inventory = inventoryByKey();
        Map<ResourceKey, Forma.Resource> wanted = new LinkedHashMap<>();
        for (Forma.Resource r : forma.resources()) {
            wanted.put(r.key(), r);
        }
        List<ResourceUpdate> updates = new ArrayList<>();
        Map<ResourceKey, List<Forma.Reference>> graph = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (Forma.Resource r : wanted.values()) {
            List<Forma.Reference> refs = new ArrayList<>(Forma.references(r.properties(), r.stack()));
            for (Forma.Reference ref : refs) {
                if (!wanted.containsKey(ref.target()) && !inventory.containsKey(ref.target())) {
                    missing.add(ref.target().toString());
                }
            }
            graph.put(r.key(), refs);
            InventoryResource existing = inventory.get(r.key());
            if (existing == null) {
                updates.add(new ResourceUpdate(
                        commandId,
                        Ksuid.next(),
                        Operation.create,
                        updates.size(),
                        r.key(),
                        r.target(),
                        r.properties(),
                        null,
                        refs,
                        null));
            } else if (!r.properties().equals(existing.desired())) {
                updates.add(new ResourceUpdate(
                        commandId,
                        existing.ksuid(),
                        Operation.update,
                        updates.size(),
                        r.key(),
                        r.target(),
                        r.properties(),
                        existing.desired(),
                        refs,
                        existing.nativeId()));
            }
        }
        if (!missing.isEmpty()) {
            ObjectNode data = Forma.JSON.createObjectNode();
            ArrayNode list = data.putArray("ReferencedResources");
            missing.stream().distinct().forEach(list::add);
            throw new ApiException(422, "ReferencedResourcesNotFound", data);
        }
        List<String> cycle = findCycle(graph);
        if (!cycle.isEmpty()) {
            ObjectNode data = Forma.JSON.createObjectNode();
            ArrayNode list = data.putArray("Cycle");
            cycle.forEach(list::add);
            throw new ApiException(422, "CyclesDetected", data);
        }
        if (reconcile) {
            Set<String> stacks = new HashSet<>(stacksOf(forma));
            for (InventoryResource existing : inventory.values()) {
                if (existing.managed()
                        && stacks.contains(existing.key().stack())
                        && !wanted.containsKey(existing.key())) {
                    updates.add(deleteOf(commandId, existing, updates.size()));
                }
            }
        }
        return updates;
    }

    private List<ResourceUpdate> planDestroy(String commandId, Forma forma) {
        Map<ResourceKey, InventoryResource> inventory = inventoryByKey();
        List<ResourceUpdate> updates = new ArrayList<>();
        Set<ResourceKey> seen = new HashSet<>();
        for (Forma.Resource r : forma.resources()) {
            InventoryResource existing = inventory.get(r.key());
            // Destroy by file deletes only what is both in the forma and in the stored stack.
            if (existing != null && seen.add(r.key())) {
                updates.add(deleteOf(commandId, existing, updates.size()));
            }
        }
        return updates;
    }

    private List<ResourceUpdate> planDestroyByQuery(String commandId, String query) {
        Queries.Filter filter = Queries.resources(query);
        List<ResourceUpdate> updates = new ArrayList<>();
        for (InventoryResource existing : db.resources(filter.where(), filter.params())) {
            updates.add(deleteOf(commandId, existing, updates.size()));
        }
        return updates;
    }

    private ResourceUpdate deleteOf(String commandId, InventoryResource existing, int seq) {
        // Delete edges come from the stored resource's resolvables. Under delete-order they are read from
        // the resolved properties, where no resolvable is left, so no delete waits for another.
        JsonNode source = options.has(Bug.DELETE_ORDER) ? existing.properties() : existing.desired();
        List<Forma.Reference> refs =
                new ArrayList<>(Forma.references(source, existing.key().stack()));
        return new ResourceUpdate(
                commandId,
                existing.ksuid(),
                Operation.delete,
                seq,
                existing.key(),
                existing.target(),
                existing.desired(),
                existing.properties(),
                refs,
                existing.nativeId());
    }

    private static List<String> findCycle(Map<ResourceKey, List<Forma.Reference>> graph) {
        Map<ResourceKey, Integer> color = new HashMap<>(); // 1 = on the path, 2 = done
        for (ResourceKey start : graph.keySet()) {
            if (color.containsKey(start)) {
                continue;
            }
            // Iterative DFS: resource counts reach thousands, recursion depth would follow chains.
            List<ResourceKey> path = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            path.add(start);
            next.add(0);
            color.put(start, 1);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                ResourceKey node = path.get(top);
                List<Forma.Reference> refs = graph.getOrDefault(node, List.of());
                int i = next.get(top);
                if (i >= refs.size()) {
                    color.put(node, 2);
                    path.remove(top);
                    next.remove(top);
                    continue;
                }
                next.set(top, i + 1);
                ResourceKey child = refs.get(i).target();
                if (!graph.containsKey(child)) {
                    continue;
                }
                Integer c = color.get(child);
                if (c == null) {
                    color.put(child, 1);
                    path.add(child);
                    next.add(0);
                } else if (c == 1) {
                    List<String> cycle = new ArrayList<>();
                    for (int j = path.indexOf(child); j < path.size(); j++) {
                        cycle.add(path.get(j).toString());
                    }
                    cycle.add(child.toString());
                    return cycle;
                }
            }
        }
        return List.of();
    }

    /** The properties of an update with every resolvable replaced by the referenced resource's value. */
    JsonNode resolve(ResourceUpdate u) {
        return Forma.resolve(u.properties, u.key.stack(), ref -> {
            InventoryResource target = db.resource(ref.target())
                    .orElseThrow(() -> new IllegalStateException(
                            "referenced resource " + ref.target() + " is not in the inventory"));
            JsonNode value =
                    target.properties() == null ? null : target.properties().get(ref.property());
            if (value == null || value.isNull()) {
                return ChangesetExecutor.text(target.nativeId());
            }
            return value;
        });
    }

    // ----------------------------------------------------------------------------------------- queries

    List<CommandRecord> commands(String clientId, String query, int maxResults) {
        if (query == null || query.isBlank()) {
            return db.queryCommands("client_id = ? AND command != 'sync'", List.of(clientId), 1);
        }
        Queries.Filter filter = Queries.commands(query, clientId);
        return db.queryCommands(filter.where(), filter.params(), maxResults);
    }

    /** Cancels the InProgress commands that match; returns their ids. */
    List<String> cancel(String clientId, String query) {
        List<CommandRecord> candidates = commands(clientId, query, 1_000);
        List<String> canceled = new ArrayList<>();
        for (CommandRecord command : candidates) {
            if (command.state() != CommandState.InProgress && command.state() != CommandState.Canceling) {
                continue;
            }
            ChangesetExecutor executor = executors.get(command.id());
            if (executor == null) {
                continue;
            }
            try {
                if (executor.cancel().get(10, TimeUnit.SECONDS)) {
                    canceled.add(command.id());
                }
            } catch (ExecutionException | TimeoutException e) {
                log.warn("cancel of " + command.id() + " got no answer: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return canceled;
    }

    List<InventoryResource> resources(String query) {
        Queries.Filter filter = Queries.resources(query);
        return db.resources(filter.where(), filter.params());
    }

    Synchronizer.Result synchronize() {
        return synchronizer.synchronize();
    }

    private void synchronizeQuietly() {
        try {
            synchronizer.synchronize();
        } catch (RuntimeException e) {
            log.error("synchronization failed: " + e.getMessage());
        }
    }

    /** Records what a synchronization found gone as a sync command, and drops it from the inventory. */
    void recordSynchronization(List<InventoryResource> gone) {
        String commandId = Ksuid.next();
        Instant now = Instant.now();
        List<ResourceUpdate> updates = new ArrayList<>();
        for (InventoryResource r : gone) {
            ResourceUpdate u = new ResourceUpdate(
                    commandId,
                    r.ksuid(),
                    Operation.delete,
                    updates.size(),
                    r.key(),
                    r.target(),
                    r.desired(),
                    r.properties(),
                    List.of(),
                    r.nativeId());
            u.state = UpdateState.Success;
            u.stateMessage = "not found in the cloud";
            u.startedAt = now;
            u.modifiedTs = now;
            updates.add(u);
            log.info("synchronizer: " + r.key() + " (" + r.nativeId() + ") is gone from the cloud; removed from"
                    + " the inventory");
        }
        CommandRecord record = new CommandRecord(
                commandId,
                commandSeq.incrementAndGet(),
                "sync",
                null,
                CommandState.Success,
                "formae-synchronizer",
                now,
                now,
                true,
                false,
                gone.stream().map(r -> r.key().stack()).distinct().toList(),
                null);
        db.storeCommand(record, updates, List.of());
        db.removeResources(gone.stream().map(InventoryResource::ksuid).toList());
    }

    Optional<ChangesetExecutor> executor(String commandId) {
        return Optional.ofNullable(executors.get(commandId));
    }

    ObjectNode stats() {
        ObjectNode stats = Forma.JSON.createObjectNode();
        stats.put("Version", VERSION);
        stats.put("AgentId", agentId);
        Map<String, Map<String, Integer>> counts = db.commandCounts();
        stats.put(
                "Clients",
                counts.get("Clients").keySet().stream()
                        .filter(c -> !c.equals("formae-synchronizer"))
                        .count());
        ObjectNode commands = stats.putObject("Commands");
        counts.get("Commands").forEach(commands::put);
        ObjectNode states = stats.putObject("States");
        counts.get("States").forEach(states::put);
        List<InventoryResource> all = db.allResources();
        stats.put("Stacks", all.stream().map(r -> r.key().stack()).distinct().count());
        stats.put("Resources", all.stream().filter(InventoryResource::managed).count());
        stats.put("UnmanagedResources", all.stream().filter(r -> !r.managed()).count());
        stats.put("Targets", db.targets().size());
        ObjectNode types = stats.putObject("ResourceTypes");
        Map<String, Integer> byType = new java.util.TreeMap<>();
        all.forEach(r -> byType.merge(r.key().type(), 1, Integer::sum));
        byType.forEach(types::put);
        stats.putObject("ResourceErrors");
        return stats;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        db.close();
        log.info("agent " + agentId + " stopped");
        log.close();
    }
}

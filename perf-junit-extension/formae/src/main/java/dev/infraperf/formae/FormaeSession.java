package dev.infraperf.formae;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.cloud.CloudAudits;
import dev.infraperf.cloud.CloudResource;
import dev.infraperf.cloud.OperationJournal;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.ResolvedPart;
import dev.infraperf.reports.model.CheckOutcome;
import dev.infraperf.reports.model.CycleResult;
import java.io.PrintStream;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * One Formae apply/destroy cycle: a resolved agent, the cloud it works against, and one generated
 * environment. Tests get it as a parameter from {@link FormaeCycle}, or build one with {@link
 * #builder()} (then close it: closing is the teardown).
 *
 * <p>Closing cancels what is still running, destroys what the run created, audits the cloud for
 * leftovers (they fail the run, listed, and are deleted out of band), and scans the agent log: its
 * {@code ERR} lines are kept, and a {@code terminated abnormally} line fails the run unless {@link
 * #expectAbnormalTermination()} was called. Teardown failures are aggregated with {@code
 * addSuppressed}.
 *
 * <p>The roles live beside it: {@link CommandPoller} (polling), {@link CommandTimelines} (timeline sampling and
 * the reports' model), {@link SessionTeardown} (the seven teardown steps), the quota pre-flight below, and the
 * agent's own knobs in {@link Builder#agentOption}.
 *
 * <p>Not thread-safe: one test drives one session.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FormaeSession implements AutoCloseable {

    /** How long a destroy that read Success may take for its last resources to leave the managed inventory. */
    static final Duration INVENTORY_SETTLE = Duration.ofSeconds(20);

    private final CycleEnvironment environment;
    private final ResolvedPart<FormaeAgent> agentPart;
    private final ResolvedPart<CloudAudit> cloudPart;
    private final Duration awaitTimeout;
    private final PrintStream out;
    private final List<String> notes = new ArrayList<>();
    private final CommandTimelines timelines = new CommandTimelines(Instant.now());
    private final CommandPoller poller;
    private final List<CheckOutcome> checks = new ArrayList<>();
    private boolean expectAbnormalTermination;
    private boolean expectLeftovers;
    private SessionTeardown teardown;

    private FormaeSession(
            CycleEnvironment environment,
            ResolvedPart<FormaeAgent> agentPart,
            ResolvedPart<CloudAudit> cloudPart,
            Duration awaitTimeout,
            PrintStream out) {
        this.environment = environment;
        timelines.stack(environment.stack());
        this.agentPart = agentPart;
        this.cloudPart = cloudPart;
        this.awaitTimeout = awaitTimeout;
        this.out = out;
        this.poller = new CommandPoller(agentPart.value().client(), timelines, this::print);
    }

    /** A builder; {@link Builder#environment} is required. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- what tests use ----------------------------------------------------------------------

    /** The environment this cycle applies. */
    public CycleEnvironment environment() {
        return environment;
    }

    /** The cloud the agent works against. */
    public CloudAudit cloud() {
        return cloudPart.value();
    }

    /** The driver, for calls this session does not wrap. */
    public FormaeClient client() {
        return agentPart.value().client();
    }

    /** How the agent was resolved, e.g. {@code Formae agent: mock-formae ... (no perf.formae.url, ...)}. */
    public String agentResolution() {
        return agentPart.reason();
    }

    /** How the cloud was resolved. */
    public String cloudResolution() {
        return cloudPart.reason();
    }

    /** Notes gathered on the way (quota pre-flight, teardown), for reports. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Whether the agent can be restarted by this run (not for {@code perf.formae.url}). */
    public boolean canRestartAgent() {
        return agentPart.value().canRestart();
    }

    /** Submits {@code apply --mode reconcile} of the environment; returns the command id. */
    public String apply() {
        Instant at = Instant.now();
        String id = client().apply(environment.forma(), "reconcile");
        timelines.submitted(id, at);
        print("apply submitted: " + id + " (" + environment.totalResources() + " resources)");
        return id;
    }

    /** Applies and waits for a final state. */
    public CommandStatus applyAndAwait() {
        return awaitCompletion(apply());
    }

    /** Submits {@code destroy} of the environment's forma; returns the command id. */
    public String destroy() {
        Instant at = Instant.now();
        String id = client().destroy(environment.forma());
        timelines.submitted(id, at);
        print("destroy submitted: " + id);
        return id;
    }

    /**
     * Destroys and waits for a final state; after a Success, also waits (at most {@link #INVENTORY_SETTLE}) for
     * the managed inventory to empty, since 0.75.6 reads Success before its last resource is persisted.
     */
    public CommandStatus destroyAndAwait() {
        CommandStatus done = awaitCompletion(destroy());
        awaitInventorySettled(done);
        return done;
    }

    /** Cancels command {@code commandId}; returns the ids the agent cancelled (empty when none was InProgress). */
    public List<String> cancel(String commandId) {
        List<String> ids = client().cancel("id:" + commandId);
        print("cancel " + commandId + ": cancelled " + ids);
        return ids;
    }

    /**
     * Kills the agent (SIGKILL where the face allows) and starts it again on the same data.
     *
     * @throws InconclusiveException when this run cannot restart the agent (one given by URL)
     */
    public void restartAgent() {
        FormaeAgent agent = agentPart.value();
        if (!agent.canRestart()) {
            agent.kill(); // throws the reason as an InconclusiveException
        }
        print("restarting agent (kill, then start)");
        agent.kill();
        agent.start();
        print("agent restarted");
    }

    /** Kills the agent without starting it again. */
    public void killAgent() {
        print("killing agent");
        agentPart.value().kill();
    }

    /** Starts the agent after {@link #killAgent()}. */
    public void startAgent() {
        agentPart.value().start();
        print("agent started");
    }

    /** Forces a synchronization of the agent's inventory with the cloud. */
    public void sync() {
        client().synchronize();
    }

    /** The status of {@code commandId}; fails when the agent does not know it. */
    public CommandStatus status(String commandId) {
        return client().status(commandId)
                .orElseThrow(() -> new AssertionError("the agent knows no command " + commandId));
    }

    /** The stack's inventory ({@code stack:<stack>}). */
    public Inventory inventory() {
        return client().inventory("stack:" + environment.stack());
    }

    /** The stack's managed inventory ({@code stack:<stack> managed:true}). */
    public Inventory managedInventory() {
        return client().inventory("stack:" + environment.stack() + " managed:true");
    }

    /** The ids of the commands this session submitted, oldest first. */
    public List<String> submittedCommands() {
        return timelines.submitted();
    }

    /** The final statuses awaited so far, by command id, in order. */
    public Map<String, CommandStatus> finalStatuses() {
        return timelines.finals();
    }

    /** Waits (default timeout) until {@code commandId} is Success, Failed or Canceled, printing progress. */
    public CommandStatus awaitCompletion(String commandId) {
        return awaitCompletion(commandId, awaitTimeout, s -> {});
    }

    /** Waits until {@code commandId} is final, calling {@code onEachPoll} with every status read. */
    public CommandStatus awaitCompletion(String commandId, Duration timeout, Consumer<CommandStatus> onEachPoll) {
        CommandStatus status = awaitStatus(
                commandId, s -> s.state().isFinal(), "to reach Success, Failed or Canceled", timeout, onEachPoll);
        timelines.finished(commandId, status);
        print("final: " + status.summary());
        return status;
    }

    /**
     * Polls {@code commandId} until {@code condition} holds; on timeout fails naming what was awaited,
     * for how long, and the last status seen. Transient failures to reach the agent (it may be
     * restarting) are retried.
     */
    public CommandStatus awaitStatus(
            String commandId,
            Predicate<CommandStatus> condition,
            String description,
            Duration timeout,
            Consumer<CommandStatus> onEachPoll) {
        return poller.await(commandId, condition, description, timeout, onEachPoll);
    }

    /**
     * This cycle as the reports' model: every command awaited to a final state, with its counts per
     * state, duration from submit, timeline and the agent's ERR lines (read now).
     */
    public CycleResult toCycleResult(String name) {
        return new CycleResult(
                name,
                environment.totalResources(),
                timelines.startedAt(),
                timelines.outcomes(currentAgentErrorLines()),
                String.join("; ", notes));
    }

    /** Records the outcome of a regression check run on this session, for the run's report. */
    public void recordCheck(CheckOutcome outcome) {
        checks.add(outcome);
    }

    /** The check outcomes recorded so far. */
    public List<CheckOutcome> checkOutcomes() {
        return List.copyOf(checks);
    }

    /** Declares that this test expects the agent to log {@code terminated abnormally}. */
    public void expectAbnormalTermination() {
        this.expectAbnormalTermination = true;
    }

    /**
     * Declares that this test expects resources to be left in the cloud (a check proving a bug);
     * teardown then deletes them out of band without failing.
     */
    public void expectLeftovers() {
        this.expectLeftovers = true;
    }

    /** The agent log's ERR lines read at teardown (empty before). */
    public List<String> agentErrorLines() {
        return teardown == null ? List.of() : teardown.errorLines();
    }

    /** The agent log's ERR lines so far, without their colour escapes. */
    public List<String> currentAgentErrorLines() {
        return AgentLog.errorLines(agentPart.value().logFile());
    }

    /** The agent log's lines so far saying an actor terminated abnormally (either spelling), the crash evidence. */
    public List<String> currentAbnormalTerminations() {
        return AgentLog.abnormalTerminations(currentAgentErrorLines());
    }

    /**
     * Creates of this run's resources that reached the cloud or the plugin again after one had succeeded, read
     * outside the command status: from the cloud's operation journal where the cloud outlives the agent
     * (mock-formae's simulated cloud), else from the agent log's plugin operations (FakeAWS, which lives in the
     * agent's memory). Empty when neither can be read, or the log records no plugin operation of this stack.
     */
    public Optional<ReexecutedCreates> reexecutedCreates() {
        if (cloud() instanceof OperationJournal journal) {
            return Optional.of(new ReexecutedCreates(
                    "the operation log of the " + journal.describe(),
                    journal.createsAfterSuccess(environment.envId())));
        }
        Optional<Path> log = agentPart.value().logFile();
        if (log.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> creates =
                AgentLog.pluginOperations(AgentLog.lines(log.get()), environment.stack(), "create");
        if (creates.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> again = new LinkedHashMap<>();
        creates.forEach((label, n) -> {
            if (n > 1) {
                again.put(label, n - 1);
            }
        });
        return Optional.of(new ReexecutedCreates("the agent log's plugin operations in " + log.get(), again));
    }

    /** What the cloud audit found after destroy (empty before teardown). */
    public List<CloudResource> leftovers() {
        return teardown == null ? List.of() : teardown.leftovers();
    }

    // ---- for the session's roles -------------------------------------------------------------

    FormaeAgent agent() {
        return agentPart.value();
    }

    Duration awaitTimeout() {
        return awaitTimeout;
    }

    boolean leftoversExpected() {
        return expectLeftovers;
    }

    boolean abnormalTerminationExpected() {
        return expectAbnormalTermination;
    }

    void note(String note) {
        notes.add(note);
    }

    /**
     * After a destroy that read Success, waits up to {@link #INVENTORY_SETTLE} for the managed inventory to empty
     * (0.75.6 reports Success before its last resource is persisted); notes what remains, without failing.
     */
    void awaitInventorySettled(CommandStatus destroy) {
        if (destroy.state() != CommandState.SUCCESS) {
            return;
        }
        int managed = InventorySettle.await(
                () -> managedInventory().managedCount(),
                INVENTORY_SETTLE,
                Duration.ofMillis(250),
                System::nanoTime,
                FormaeSession::sleep);
        if (managed > 0) {
            note("destroy " + destroy.commandId() + " read Success but " + managed
                    + " managed resources were still in inventory " + INVENTORY_SETTLE.toSeconds() + " s later");
        }
    }

    // ---- teardown ----------------------------------------------------------------------------

    /**
     * The teardown: cancel, destroy, audit, scan the log, stop what was started.
     *
     * @throws AssertionError for leftovers or an unexpected abnormal termination, with every other
     *     teardown failure suppressed in it
     */
    @Override
    public void close() {
        if (teardown != null) {
            return;
        }
        teardown = new SessionTeardown(this);
        teardown.run(cloudPart, agentPart);
    }

    void print(String line) {
        out.println("[formae " + environment.envId() + "] " + line);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Configures and starts a session: resolves the agent ({@code perf.formae.url}, then {@code
     * perf.formae.binary}, then mock-formae), the cloud, and runs the quota pre-flight.
     */
    public static final class Builder {
        private CycleEnvironment environment;
        private PerfConfig config;
        private Path workDir;
        private final Map<String, String> agentOptions = new LinkedHashMap<>();
        private final List<AnnotatedElement> annotatedElements = new ArrayList<>();
        private Duration awaitTimeout = Duration.ofMinutes(10);
        private PrintStream out = System.out;

        private Builder() {}

        /** The environment to apply (required). */
        public Builder environment(CycleEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Settings to resolve parts with; default {@link PerfConfig#fromSystem()}. */
        public Builder config(PerfConfig config) {
            this.config = config;
            return this;
        }

        /** Where the agent's data and logs go; default a temporary directory. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /**
         * An option of the embedded agent provider (for mock-formae: {@code bugs}, {@code rateLimit}, {@code
         * cloudLatencyScale}, {@code syncInterval}, {@code persistCallTimeout}, {@code legacyStoreCost}); ignored
         * for an agent given by {@code perf.formae.url} or {@code perf.formae.binary}.
         */
        public Builder agentOption(String key, String value) {
            agentOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The test method and class (most specific first) whose provider annotations (such as mock-formae's {@code
         * @MockFormae}) configure the embedded agent.
         */
        public Builder annotatedBy(AnnotatedElement... elements) {
            annotatedElements.addAll(Arrays.asList(elements));
            return this;
        }

        /** How long {@link #awaitCompletion(String)} waits (default 10 minutes). */
        public Builder awaitTimeout(Duration timeout) {
            this.awaitTimeout = timeout;
            return this;
        }

        /** Where progress lines go (default standard output). */
        public Builder progressTo(PrintStream out) {
            this.out = out;
            return this;
        }

        /**
         * Resolves the agent and the cloud and runs the quota pre-flight.
         *
         * @throws TestAbortedException when a part is missing or the environment does not fit the quotas
         */
        public FormaeSession start() {
            Objects.requireNonNull(environment, "FormaeSession.builder(): environment(...) is required");
            PerfConfig cfg = config == null ? PerfConfig.fromSystem() : config;
            Path dir = workDir;
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("formae-" + environment.envId());
                }
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            AgentSettings settings = new AgentSettings(agentOptions, annotatedElements, cfg.timeScale());
            ResolvedPart<FormaeAgent> agent = AgentResolution.resolve(cfg, settings, dir);
            ResolvedPart<CloudAudit> cloud;
            try {
                cloud = CloudAudits.resolve(
                        cfg,
                        agent.value().simulatedCloud(),
                        environment.countsByType().keySet());
            } catch (RuntimeException e) {
                closeQuietly(agent, e);
                throw e;
            }
            FormaeSession session = new FormaeSession(environment, agent, cloud, awaitTimeout, out);
            session.print(agent.reason());
            session.print(cloud.reason());
            if (agent.value() instanceof CliAgent cli) {
                cli.notes().forEach(session::note);
            }
            try {
                QuotaCheck.run(session.cloud(), session.environment(), session::note, session::print);
            } catch (RuntimeException e) {
                closeQuietly(cloud, e);
                closeQuietly(agent, e);
                throw e;
            }
            return session;
        }

        private static void closeQuietly(AutoCloseable c, Throwable into) {
            try {
                c.close();
            } catch (Exception e) {
                into.addSuppressed(e);
            }
        }
    }
}

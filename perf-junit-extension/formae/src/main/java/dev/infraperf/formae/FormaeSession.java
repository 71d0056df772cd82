package dev.infraperf.formae;

import dev.infraperf.cloud.CloudAudit;
import dev.infraperf.cloud.CloudAudits;
import dev.infraperf.cloud.CloudResource;
import dev.infraperf.cloud.QuotaPreflight;
import dev.infraperf.cloud.QuotaSource;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.ResolvedPart;
import dev.infraperf.reports.model.CheckOutcome;
import dev.infraperf.reports.model.CommandOutcome;
import dev.infraperf.reports.model.CycleResult;
import dev.infraperf.reports.model.StateSample;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
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
 * <p>Not thread-safe: one test drives one session.
 */
public final class FormaeSession implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final CycleEnvironment environment;
    private final ResolvedPart<FormaeAgent> agentPart;
    private final ResolvedPart<CloudAudit> cloudPart;
    private final Duration awaitTimeout;
    private final PrintStream out;
    private final List<String> submitted = new ArrayList<>();
    private final Map<String, CommandStatus> finals = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Instant> submittedAt = new LinkedHashMap<>();
    private final Map<String, Instant> finishedAt = new LinkedHashMap<>();
    private final Map<String, List<StateSample>> timelines = new LinkedHashMap<>();
    private final Instant startedAt = Instant.now();
    private final List<CheckOutcome> checks = new ArrayList<>();
    private boolean expectAbnormalTermination;
    private boolean expectLeftovers;
    private boolean closed;
    private List<String> errorLines = List.of();
    private List<CloudResource> leftovers = List.of();

    private FormaeSession(
            CycleEnvironment environment,
            ResolvedPart<FormaeAgent> agentPart,
            ResolvedPart<CloudAudit> cloudPart,
            Duration awaitTimeout,
            PrintStream out) {
        this.environment = environment;
        this.agentPart = agentPart;
        this.cloudPart = cloudPart;
        this.awaitTimeout = awaitTimeout;
        this.out = out;
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
        submitted(id, at);
        print("apply submitted: " + id + " (" + environment.totalResources() + " resources)");
        return id;
    }

    private void submitted(String id, Instant at) {
        submitted.add(id);
        submittedAt.put(id, at);
    }

    /** Applies and waits for a final state. */
    public CommandStatus applyAndAwait() {
        return awaitCompletion(apply());
    }

    /** Submits {@code destroy} of the environment's forma; returns the command id. */
    public String destroy() {
        Instant at = Instant.now();
        String id = client().destroy(environment.forma());
        submitted(id, at);
        print("destroy submitted: " + id);
        return id;
    }

    /** Destroys and waits for a final state. */
    public CommandStatus destroyAndAwait() {
        return awaitCompletion(destroy());
    }

    /** Cancels command {@code commandId}; returns the ids the agent cancelled (empty when none was InProgress). */
    public List<String> cancel(String commandId) {
        List<String> ids = client().cancel("id:" + commandId);
        print("cancel " + commandId + ": cancelled " + ids);
        return ids;
    }

    /** Kills the agent (SIGKILL where the face allows) and starts it again on the same data. */
    public void restartAgent() {
        FormaeAgent agent = agentPart.value();
        if (!agent.canRestart()) {
            agent.kill(); // throws the reason as a TestAbortedException
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
        return List.copyOf(submitted);
    }

    /** The final statuses awaited so far, by command id, in order. */
    public Map<String, CommandStatus> finalStatuses() {
        return new LinkedHashMap<>(finals);
    }

    /** Waits (default timeout) until {@code commandId} is Success, Failed or Canceled, printing progress. */
    public CommandStatus awaitCompletion(String commandId) {
        return awaitCompletion(commandId, awaitTimeout, s -> {});
    }

    /** Waits until {@code commandId} is final, calling {@code onEachPoll} with every status read. */
    public CommandStatus awaitCompletion(String commandId, Duration timeout, Consumer<CommandStatus> onEachPoll) {
        CommandStatus status = awaitStatus(
                commandId, s -> s.state().isFinal(), "to reach Success, Failed or Canceled", timeout, onEachPoll);
        finals.put(commandId, status);
        finishedAt.putIfAbsent(commandId, Instant.now());
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
        AtomicReference<CommandStatus> last = new AtomicReference<>();
        AtomicReference<Instant> lastPrint = new AtomicReference<>(Instant.EPOCH);
        try {
            Awaitility.await("command " + commandId + " " + description)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .ignoreExceptionsMatching(e -> e instanceof FormaeApiException)
                    .until(() -> {
                        Optional<CommandStatus> s = client().status(commandId);
                        if (s.isEmpty()) {
                            return false;
                        }
                        CommandStatus status = s.get();
                        CommandStatus previous = last.getAndSet(status);
                        sample(commandId, status);
                        onEachPoll.accept(status);
                        boolean changedState = previous == null || previous.state() != status.state();
                        if (changedState
                                || Duration.between(lastPrint.get(), Instant.now())
                                                .compareTo(PROGRESS_EVERY)
                                        >= 0) {
                            lastPrint.set(Instant.now());
                            print(status.summary());
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

    private void sample(String commandId, CommandStatus status) {
        Instant at = submittedAt.getOrDefault(commandId, startedAt);
        List<StateSample> timeline = timelines.computeIfAbsent(commandId, k -> new ArrayList<>());
        Duration offset = Duration.between(at, Instant.now());
        if (offset.isNegative()) {
            offset = Duration.ZERO;
        }
        if (!timeline.isEmpty()
                && offset.minus(timeline.get(timeline.size() - 1).offset()).toMillis() < 500
                && !status.state().isFinal()) {
            return;
        }
        UpdateCounts c = status.counts();
        timeline.add(new StateSample(
                offset, c.waiting(), c.inProgress() + c.retrying(), c.success(), c.failed(), c.canceled()));
    }

    /**
     * This cycle as the reports' model: every command awaited to a final state, with its counts per
     * state, duration from submit, timeline and the agent's ERR lines (read now).
     */
    public CycleResult toCycleResult(String name) {
        List<String> errors = currentAgentErrorLines();
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
        return new CycleResult(name, environment.totalResources(), startedAt, commands, String.join("; ", notes));
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
        return errorLines;
    }

    /** The agent log's ERR lines so far. */
    public List<String> currentAgentErrorLines() {
        return AgentLog.errorLines(agentPart.value().logFile());
    }

    /** What the cloud audit found after destroy (empty before teardown). */
    public List<CloudResource> leftovers() {
        return leftovers;
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
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        step(failures, this::ensureAgentUp);
        step(failures, this::cancelRunning);
        step(failures, this::destroyWhatWasCreated);
        step(failures, this::auditCloud);
        step(failures, this::scanLog);
        step(failures, () -> closePart(cloudPart));
        step(failures, () -> closePart(agentPart));
        if (!failures.isEmpty()) {
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
            AssertionError wrapped =
                    new AssertionError("teardown of " + environment.envId() + " failed: " + first, first);
            throw wrapped;
        }
    }

    private static void step(List<Throwable> failures, Runnable step) {
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

    private void ensureAgentUp() {
        FormaeAgent agent = agentPart.value();
        if (agent.canRestart() && !agent.isAlive()) {
            print("teardown: agent is down, starting it to clean up");
            agent.start();
        }
    }

    private void cancelRunning() {
        List<String> stuck = new ArrayList<>();
        for (String id : submitted) {
            Optional<CommandStatus> s = client().status(id);
            if (s.isPresent() && !s.get().state().isFinal()) {
                print("teardown: cancelling " + id + " (" + s.get().state() + ")");
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
        FormaeAgent agent = agentPart.value();
        if (!agent.canRestart()) {
            notes.add("teardown: commands " + stuck + " did not stop after cancel");
            return;
        }
        // A crashed executor (bug 8) or a command never started (bugs 1 and 2) only moves after a restart.
        print("teardown: " + stuck + " did not stop after cancel; restarting the agent");
        agent.kill();
        agent.start();
        for (String id : stuck) {
            client().cancel("id:" + id);
            if (!stopsWithin(id, Duration.ofSeconds(20))) {
                notes.add("teardown: command " + id + " did not stop even after an agent restart");
            }
        }
    }

    private boolean stopsWithin(String id, Duration timeout) {
        Instant start = Instant.now();
        try {
            // A command still NotStarted a few seconds after a restart is not going to be resumed.
            CommandStatus s = awaitStatus(
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
            Inventory managed = managedInventory();
            if (managed.managedCount() == 0) {
                return;
            }
            print("teardown: destroy pass " + pass + " (" + managed.managedCount() + " managed)");
            String id = submitWithRetry();
            CommandStatus done =
                    awaitStatus(id, s -> s.state().isFinal(), "to finish the teardown destroy", awaitTimeout, x -> {});
            notes.add("teardown destroy pass " + pass + ": " + done.summary());
        }
    }

    private String submitWithRetry() {
        FormaeApiException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return client().destroy(environment.forma());
            } catch (FormaeApiException e) {
                // 409 ConflictingCommands while a cancelled command drains: wait and retry.
                last = e;
                sleep(Duration.ofMillis(500));
            }
        }
        throw last;
    }

    private void auditCloud() {
        CloudAudit cloud = cloudPart.value();
        List<CloudResource> found = cloud.resourcesOf(environment.envId());
        leftovers = List.copyOf(found);
        if (found.isEmpty()) {
            print("teardown: cloud audit clean (" + cloud.describe() + ")");
            return;
        }
        String list = found.stream().map(r -> "  - " + r.describe()).collect(Collectors.joining("\n"));
        List<String> notDeleted = deleteOutOfBand(cloud, found);
        String message = "Expecting the cloud to hold no resource of " + environment.envId()
                + " after destroy,\nbut it holds " + found.size() + ":\n" + list
                + (notDeleted.isEmpty()
                        ? "\n(deleted out of band by the teardown)"
                        : "\n(could not delete out of band: " + notDeleted + ")");
        if (expectLeftovers) {
            notes.add("expected leftovers: " + message);
            print("teardown: " + found.size() + " expected leftovers deleted out of band");
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
        errorLines = AgentLog.errorLines(agentPart.value().logFile());
        if (!errorLines.isEmpty()) {
            print("agent log has " + errorLines.size() + " ERR lines; first: " + errorLines.get(0));
        }
        List<String> abnormal = AgentLog.abnormalTerminations(errorLines);
        if (!abnormal.isEmpty() && !expectAbnormalTermination) {
            throw new AssertionError("Expecting the agent log to have no '" + AgentLog.ABNORMAL_TERMINATION
                    + "' line,\nbut it has " + abnormal.size() + ":\n  " + String.join("\n  ", abnormal));
        }
    }

    void print(String line) {
        out.println("[formae " + environment.envId() + "] " + line);
    }

    private static void sleep(Duration d) {
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
                cloud = CloudAudits.resolve(cfg, agent.value().simulatedCloud());
            } catch (RuntimeException e) {
                closeQuietly(agent, e);
                throw e;
            }
            FormaeSession session = new FormaeSession(environment, agent, cloud, awaitTimeout, out);
            session.print(agent.reason());
            session.print(cloud.reason());
            try {
                session.preflight();
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

    private void preflight() {
        if (!(cloud() instanceof QuotaSource quotas)) {
            return;
        }
        List<String> shortfalls;
        try {
            shortfalls = QuotaPreflight.shortfalls(quotas, environment.countsByType());
        } catch (RuntimeException e) {
            String note = "quota pre-flight could not read quotas from " + quotas.describe() + ": " + e.getMessage();
            notes.add(note);
            print(note);
            return;
        }
        if (!shortfalls.isEmpty()) {
            throw new TestAbortedException(String.format(
                    Locale.ROOT,
                    "environment %s (%d resources) does not fit the quotas of %s: %s",
                    environment.envId(),
                    environment.totalResources(),
                    quotas.describe(),
                    String.join("; ", shortfalls)));
        }
        notes.add("quota pre-flight passed against " + quotas.describe());
    }
}

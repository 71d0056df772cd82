package dev.infraperf.formae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real agent run by the {@code formae} binary: {@code formae agent start} in the foreground as our child
 * process (when none answers yet), SIGKILLed with its plugin processes to crash it, SIGTERMed to stop it.
 *
 * <p>The binary runs with {@code HOME} set to its configuration's home, so CLI and agent read the same {@code
 * formae.conf.pkl}, and the driver talks to the API URL that file names. Before each start a stale PID file
 * (0.75.6 refuses to start while {@code /tmp/formae.pid} exists) is removed, but only when no live process holds
 * it; 0.83.0 is given its own PID file through {@code FORMAE_PID_FILE}.
 */
final class CliAgent implements FormaeAgent {

    /** Where 0.75.6 always writes its PID file. */
    static final Path LEGACY_PID_FILE = Path.of("/tmp/formae.pid");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path binary;
    private final CliConfig config;
    private final FormaeClient client;
    private final RestFormaeClient api;
    private final Path agentOutput;
    private final Path pidFile;
    private final Map<String, String> environment;
    private final List<String> notes = new ArrayList<>();
    private Process process;

    /** An agent of {@code binary} configured by {@code config}, driven through the CLI or, with {@code rest}, REST. */
    CliAgent(Path binary, CliConfig config, Path workDir, boolean rest) {
        this.binary = binary;
        this.config = config;
        this.api = new RestFormaeClient(config.apiUri());
        this.pidFile = workDir.resolve("formae.pid");
        this.environment = Map.of("HOME", config.home().toString(), "FORMAE_PID_FILE", pidFile.toString());
        this.client = rest ? api : new CliFormaeClient(binary, api, environment);
        this.agentOutput = workDir.resolve("formae-agent.out");
    }

    /** Starts {@code formae agent start} unless an agent already answers. */
    CliAgent ensureRunning() {
        if (!api.isHealthy()) {
            start();
        }
        return this;
    }

    URI apiUri() {
        return config.apiUri();
    }

    /** What the agent's starts did on the way (stale PID files removed), for the session's notes. */
    List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public FormaeClient client() {
        return client;
    }

    @Override
    public boolean canRestart() {
        return true;
    }

    @Override
    public void kill() {
        if (process != null && process.isAlive()) {
            // The plugin processes (0.83.0's FakeAWS) die with the agent, as in a crash of the whole host process.
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            waitFor(process);
        } else {
            stop();
        }
    }

    @Override
    public void start() {
        removeStalePidFiles();
        try {
            Files.createDirectories(agentOutput.getParent());
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "agent", "start")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(agentOutput.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary + " agent start", e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!api.isHealthy()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(binary + " agent start did not answer on " + api.baseUri()
                        + " within " + START_TIMEOUT.toSeconds() + " s"
                        + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + "; its output is in "
                        + agentOutput + ": " + tail());
            }
            sleep(200);
        }
    }

    private void removeStalePidFiles() {
        for (Path file : List.of(pidFile, LEGACY_PID_FILE)) {
            stalePid(file).ifPresent(pid -> {
                try {
                    Files.deleteIfExists(file);
                    notes.add("removed stale PID file " + file + " (PID " + pid + " is not running)");
                } catch (IOException e) {
                    throw new UncheckedIOException("could not remove the stale PID file " + file, e);
                }
            });
        }
    }

    /**
     * The PID in {@code file} when no live process holds it; empty when the file is absent or its process runs
     * (then the agent's own check decides, and its refusal is reported).
     */
    static Optional<Long> stalePid(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Optional.of(-1L); // unreadable: no process can hold it
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Optional.empty() : Optional.of(pid);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(agentOutput, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable)";
        }
    }

    @Override
    public boolean isAlive() {
        return api.isHealthy();
    }

    @Override
    public Optional<Path> logFile() {
        return Files.exists(config.logFile()) ? Optional.of(config.logFile()) : Optional.empty();
    }

    @Override
    public Optional<URI> simulatedCloud() {
        return Optional.empty();
    }

    private void stop() {
        if (process != null && process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy(); // SIGTERM: the agent shuts down cleanly and stops its plugins
            waitFor(process);
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the agent", e);
        }
    }
}

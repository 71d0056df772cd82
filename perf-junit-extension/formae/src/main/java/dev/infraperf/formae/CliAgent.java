package dev.infraperf.formae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real agent run by the {@code formae} binary: {@code formae agent start} in the foreground as our
 * child process (when none answers yet), {@code formae agent stop} to stop it.
 */
final class CliAgent implements FormaeAgent {

    private final Path binary;
    private final CliFormaeClient client;
    private final RestFormaeClient api;
    private final Path agentOutput;
    private Process process;

    CliAgent(Path binary, URI apiUri, Path workDir) {
        this.binary = binary;
        this.api = new RestFormaeClient(apiUri);
        this.client = new CliFormaeClient(binary, api);
        this.agentOutput = workDir.resolve("formae-agent.out");
    }

    /** Starts {@code formae agent start} unless an agent already answers. */
    CliAgent ensureRunning() {
        if (!api.isHealthy()) {
            start();
        }
        return this;
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
            process.destroyForcibly();
            waitFor(process);
        } else {
            client.run(List.of("agent", "stop"));
        }
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(agentOutput.getParent());
            process = new ProcessBuilder(binary.toString(), "agent", "start")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(agentOutput.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary + " agent start", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!api.isHealthy()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(binary + " agent start did not answer on " + api.baseUri()
                        + " within 60 s; its output is in " + agentOutput);
            }
            sleep(200);
        }
    }

    @Override
    public boolean isAlive() {
        return api.isHealthy();
    }

    @Override
    public Optional<Path> logFile() {
        Path log = Path.of(System.getProperty("user.home"), ".pel", "formae", "log", "formae.log");
        return Files.exists(log) ? Optional.of(log) : Optional.empty();
    }

    @Override
    public Optional<URI> simulatedCloud() {
        return Optional.empty();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            client.run(List.of("agent", "stop"));
            waitFor(process);
        }
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

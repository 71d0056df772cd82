package dev.infraperf.formae;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** An agent already running somewhere ({@code perf.formae.url}); its process is not ours to restart. */
final class RemoteAgent implements FormaeAgent {

    private final FormaeClient client;
    private final Optional<Path> logFile;

    RemoteAgent(FormaeClient client, Optional<Path> logFile) {
        this.client = client;
        this.logFile = logFile;
    }

    @Override
    public FormaeClient client() {
        return client;
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public void kill() {
        throw notOurs();
    }

    @Override
    public void start() {
        throw notOurs();
    }

    private InconclusiveException notOurs() {
        return new InconclusiveException("the Formae agent at " + client.describe()
                + " was given by perf.formae.url and is not started by this run, so it cannot be restarted;"
                + " use perf.formae.binary or the embedded mock-formae for restart checks");
    }

    @Override
    public boolean isAlive() {
        return client.isHealthy();
    }

    @Override
    public Optional<Path> logFile() {
        return logFile;
    }

    @Override
    public Optional<URI> simulatedCloud() {
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }
}

package dev.infraperf.formae;

import dev.infraperf.mock.formae.MockFormaeLauncher;
import dev.infraperf.mock.formae.RunningMockFormae;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * mock-formae started as its own process by its launcher. Only this class touches mock-formae's types,
 * so the extension runs without mock-formae on the classpath as long as this class is never loaded.
 */
final class MockFormaeAgent implements FormaeAgent {

    private final RunningMockFormae running;
    private final RestFormaeClient client;

    private MockFormaeAgent(RunningMockFormae running) {
        this.running = running;
        this.client = new RestFormaeClient(running.uri());
    }

    static boolean onClasspath() {
        try {
            Class.forName(
                    "dev.infraperf.mock.formae.MockFormaeLauncher", false, MockFormaeAgent.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static MockFormaeAgent start(AgentSettings settings, Path dataDir) {
        MockFormaeLauncher.Builder builder = MockFormaeLauncher.builder()
                .dataDir(dataDir)
                .bugs(Set.copyOf(settings.mockBugs()))
                .rateLimit(settings.rateLimit())
                .syncInterval(settings.syncInterval());
        settings.persistCallTimeout().ifPresent(builder::persistCallTimeout);
        settings.legacyStoreCost().ifPresent(builder::legacyStoreCost);
        if (settings.cloudLatencyScale() >= 0) {
            builder.cloudArgs(List.of("--latency-scale", Double.toString(settings.cloudLatencyScale())));
        }
        return new MockFormaeAgent(builder.start());
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
        running.kill();
    }

    @Override
    public void start() {
        running.restart();
    }

    @Override
    public boolean isAlive() {
        return running.isAgentAlive();
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(running.logFile());
    }

    @Override
    public Optional<URI> simulatedCloud() {
        return Optional.of(running.cloudUri());
    }

    URI uri() {
        return running.uri();
    }

    @Override
    public void close() {
        running.close();
    }

    @Override
    public String toString() {
        return "mock-formae " + running.uri() + " (cloud " + running.cloudUri() + ")";
    }
}

package dev.infraperf.formae;

import dev.infraperf.spi.AgentProvider;
import dev.infraperf.spi.ProvidedAgent;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/** An agent started by an {@link AgentProvider} found on the test classpath (mock-formae by default). */
final class ProvidedFormaeAgent implements FormaeAgent {

    /** The provider started when no agent is configured. */
    static final String DEFAULT_PROVIDER = "mock-formae";

    private final ProvidedAgent agent;
    private final RestFormaeClient client;

    private ProvidedFormaeAgent(ProvidedAgent agent) {
        this.agent = agent;
        this.client = new RestFormaeClient(agent.uri());
    }

    static Optional<AgentProvider> find(String name) {
        return ServiceLoader.load(AgentProvider.class, ProvidedFormaeAgent.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name))
                .findFirst();
    }

    static ProvidedFormaeAgent start(AgentProvider provider, AgentSettings settings, Path dataDir) {
        return new ProvidedFormaeAgent(provider.start(
                new AgentProvider.Request(dataDir, settings.elements(), settings.timeScale(), settings.options())));
    }

    String description() {
        return agent.description();
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
        agent.kill();
    }

    @Override
    public void start() {
        agent.restart();
    }

    @Override
    public boolean isAlive() {
        return agent.isAlive();
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(agent.logFile());
    }

    @Override
    public Optional<URI> simulatedCloud() {
        return agent.cloudUri();
    }

    URI uri() {
        return agent.uri();
    }

    @Override
    public void close() {
        agent.close();
    }

    @Override
    public String toString() {
        return agent.description();
    }
}

package dev.infraperf.formae;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.PartCandidate.Attempt;
import dev.infraperf.parts.PartResolver;
import dev.infraperf.parts.ResolvedPart;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves the Formae agent: {@code perf.formae.url}, then {@code perf.formae.binary}, then mock-formae. */
final class AgentResolution {

    /** Where a real agent listens when only a binary is given: Formae's default API port. */
    static final URI DEFAULT_AGENT_URI = URI.create("http://localhost:49684");

    private AgentResolution() {}

    static ResolvedPart<FormaeAgent> resolve(PerfConfig config, AgentSettings settings, Path workDir) {
        return PartResolver.<FormaeAgent>of("Formae agent")
                .candidate(() -> config.get(PerfConfig.FORMAE_URL)
                        .map(url -> {
                            RestFormaeClient client = new RestFormaeClient(URI.create(url));
                            if (!client.isHealthy()) {
                                throw new IllegalStateException("perf.formae.url=" + url
                                        + " does not answer GET /api/v1/health; start the agent or unset it");
                            }
                            return Attempt.<FormaeAgent>found(
                                    new RemoteAgent(client, Optional.empty()),
                                    "REST API v1 at " + url + " (perf.formae.url)");
                        })
                        .orElseGet(() -> Attempt.absent("no perf.formae.url")))
                .candidate(() -> config.get(PerfConfig.FORMAE_BINARY)
                        .map(bin -> {
                            Path binary = Path.of(bin);
                            if (!Files.isExecutable(binary)) {
                                throw new IllegalStateException(
                                        "perf.formae.binary=" + bin + " is not an executable file");
                            }
                            CliAgent agent = new CliAgent(binary, DEFAULT_AGENT_URI, workDir).ensureRunning();
                            return Attempt.<FormaeAgent>found(
                                    agent, "formae CLI " + bin + " (perf.formae.binary)", agent);
                        })
                        .orElseGet(() -> Attempt.absent("no perf.formae.binary")))
                .candidate(() -> {
                    var provider = ProvidedFormaeAgent.find(ProvidedFormaeAgent.DEFAULT_PROVIDER);
                    if (provider.isEmpty()) {
                        return Attempt.absent("no embedded agent: add dev.infraperf:mock-formae (test scope) to start"
                                + " mock-formae, or set " + PerfConfig.FORMAE_URL + " or " + PerfConfig.FORMAE_BINARY);
                    }
                    ProvidedFormaeAgent agent;
                    try {
                        agent = ProvidedFormaeAgent.start(provider.get(), settings, workDir.resolve("mock-formae"));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigurationException(e.getMessage(), e);
                    }
                    return Attempt.<FormaeAgent>found(agent, agent.description(), agent);
                })
                .resolve();
    }
}

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

    /**
     * The {@code HOME} the {@code perf.formae.binary} runs with (its {@code .config/formae/formae.conf.pkl} names
     * the API URL and the log file): {@value}; default the user's home.
     */
    static final String FORMAE_HOME = "perf.formae.home";

    /** Which face drives a {@code perf.formae.binary} agent: {@value}, {@code cli} (default) or {@code rest}. */
    static final String FORMAE_FACE = "perf.formae.face";

    private AgentResolution() {}

    static ResolvedPart<FormaeAgent> resolve(PerfConfig config, AgentSettings settings, Path workDir) {
        Optional<String> givenUrl = config.get(PerfConfig.FORMAE_URL);
        Optional<String> givenBinary = config.get(PerfConfig.FORMAE_BINARY);
        if (givenUrl.isPresent() && givenBinary.isPresent()) {
            throw new ConfigurationException(PerfConfig.FORMAE_URL + "=" + givenUrl.get() + " and "
                    + PerfConfig.FORMAE_BINARY
                    + "=" + givenBinary.get() + " are both set; set one: " + PerfConfig.FORMAE_URL
                    + " for an agent that is"
                    + " already running (driven over REST, not restarted), or " + PerfConfig.FORMAE_BINARY
                    + " for an agent this run starts (its API URL read from the binary's formae.conf.pkl)");
        }
        String face = config.get(FORMAE_FACE, "cli");
        if (!face.equals("cli") && !face.equals("rest")) {
            throw new ConfigurationException(
                    FORMAE_FACE + "=" + face + " is not a driver face; use cli (the binary's commands) or rest");
        }
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
                            Path home = Path.of(config.get(FORMAE_HOME, System.getProperty("user.home")));
                            CliConfig cli = CliConfig.read(home);
                            CliAgent agent = new CliAgent(binary, cli, workDir, face.equals("rest")).ensureRunning();
                            return Attempt.<FormaeAgent>found(
                                    agent,
                                    "formae " + (face.equals("rest") ? "agent over REST" : "CLI") + " " + bin
                                            + " (perf.formae.binary), API " + cli.apiUri() + " from "
                                            + CliConfig.file(home),
                                    agent);
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

package dev.infraperf.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** An agent started by an {@link AgentProvider}; it can be killed and restarted on the same state. */
public interface ProvidedAgent extends AutoCloseable {

    /** The agent's API base URI. */
    URI uri();

    /** The API of the cloud the agent manages, when the provider simulates one that outlives the agent. */
    Optional<URI> cloudUri();

    /** The agent's log file. */
    Path logFile();

    /** Kills the agent's process at once (SIGKILL), leaving its state as it was. */
    void kill();

    /** Starts the agent again on the same state; a running agent is killed first. */
    void restart();

    /** Whether the agent's process is running. */
    boolean isAlive();

    /** One line for the report: what was started, where, and with which settings. */
    String description();

    @Override
    void close();
}

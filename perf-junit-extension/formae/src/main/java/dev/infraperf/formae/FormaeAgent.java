package dev.infraperf.formae;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A Formae agent as a run uses it: a client, and as much control of its process as the face allows. */
interface FormaeAgent extends AutoCloseable {

    FormaeClient client();

    /** Whether {@link #kill()} and {@link #start()} work (not for an agent given by URL). */
    boolean canRestart();

    /** Stops the agent hard (SIGKILL where possible), as a crash would. */
    void kill();

    /** Starts the agent again on the same data; returns when it answers. */
    void start();

    /** Whether the agent process is up, as far as this face can tell. */
    boolean isAlive();

    /** The agent's log ({@code formae.log}), when it is on this machine. */
    Optional<Path> logFile();

    /** The simulated cloud the agent works against, when it is mock-formae. */
    Optional<URI> simulatedCloud();

    @Override
    void close();
}

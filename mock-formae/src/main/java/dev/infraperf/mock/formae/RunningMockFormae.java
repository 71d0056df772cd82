package dev.infraperf.mock.formae;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A mock-formae agent process (and the simulated cloud process the launcher started for it). Closing
 * stops both; {@link #kill()} and {@link #restart()} act on the agent only, so the cloud and its
 * resources outlive an agent crash as real cloud resources would.
 */
public final class RunningMockFormae implements AutoCloseable {

    private final Path dataDir;
    private int port;
    private final List<String> agentArgs;
    private final List<String> jvmArgs;
    private final CloudProcess cloud;
    private final URI cloudUri;
    private final Duration startTimeout;
    private Process agent;

    private RunningMockFormae(
            Path dataDir,
            int port,
            List<String> jvmArgs,
            List<String> agentArgs,
            CloudProcess cloud,
            URI cloudUri,
            Duration startTimeout) {
        this.dataDir = dataDir;
        this.port = port;
        this.jvmArgs = jvmArgs;
        this.agentArgs = agentArgs;
        this.cloud = cloud;
        this.cloudUri = cloudUri;
        this.startTimeout = startTimeout;
    }

    static RunningMockFormae start(
            Path dataDir,
            int port,
            List<String> jvmArgs,
            List<String> args,
            URI cloudUrl,
            List<String> cloudArgs,
            Duration startTimeout) {
        CloudProcess cloud = null;
        URI cloudUri = cloudUrl;
        if (cloudUri == null) {
            cloud = CloudProcess.start(cloudArgs, dataDir.resolve("log").resolve("cloud.out"), startTimeout);
            cloudUri = cloud.uri();
        }
        List<String> agentArgs = new ArrayList<>(args);
        agentArgs.add("--cloud");
        agentArgs.add(cloudUri.toString());
        RunningMockFormae running =
                new RunningMockFormae(dataDir, port, jvmArgs, agentArgs, cloud, cloudUri, startTimeout);
        try {
            running.startAgent();
        } catch (RuntimeException e) {
            if (cloud != null) {
                cloud.close();
            }
            throw e;
        }
        return running;
    }

    private synchronized void startAgent() {
        Path output = dataDir.resolve("log").resolve("agent.out");
        List<String> args = new ArrayList<>(agentArgs);
        args.add("--port");
        args.add(Integer.toString(port)); // 0 the first time: the agent binds a free port, kept for restarts
        long offset = ChildProcess.sizeOf(output);
        agent = ChildProcess.start(MockFormaeLauncher.AGENT_MAIN, jvmArgs, args, output);
        String url = ChildProcess.awaitReadyLine(
                agent, output, offset, MockFormaeMain.READY + " ", startTimeout, "mock-formae agent");
        port = URI.create(url.split("\\s+")[0]).getPort();
    }

    /** The agent's base URI, for example {@code http://127.0.0.1:49684}; the API is under {@code /api/v1}. */
    public synchronized URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The simulated cloud's base URI (see {@code CLOUD-API.md}). */
    public URI cloudUri() {
        return cloudUri;
    }

    /** The agent's data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The agent's log, {@code <data-dir>/log/formae.log}. */
    public Path logFile() {
        return dataDir.resolve("log").resolve("formae.log");
    }

    /** Whether the agent process is running. */
    public synchronized boolean isAgentAlive() {
        return agent != null && agent.isAlive();
    }

    /** The agent process id, while it runs. */
    public synchronized long agentPid() {
        return agent.pid();
    }

    /** SIGKILLs the agent process (like {@code kill -9}); the cloud keeps running. */
    public synchronized void kill() {
        ChildProcess.kill(agent);
    }

    /**
     * Starts the agent process again on the same port and data directory. A running agent is stopped
     * gracefully first; after {@link #kill()} it simply starts.
     */
    public synchronized void restart() {
        ChildProcess.stop(agent, Duration.ofSeconds(10));
        startAgent();
    }

    /** Stops the agent and the cloud process the launcher started. */
    @Override
    public synchronized void close() {
        try {
            ChildProcess.stop(agent, Duration.ofSeconds(5));
        } finally {
            if (cloud != null) {
                cloud.close();
            }
        }
    }
}

package dev.infraperf.mock.formae;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The agent process: {@code java -jar mock-formae.jar --port 49684 --data-dir DIR [--cloud URL]
 * [--bug NAME ...] [--rate-limit 2/s|off] [--sync-interval 30s] [--max-concurrency N]}. Without
 * {@code --cloud} it starts a simulated cloud as its own process and stops it on exit. {@code --help}
 * lists the options and the bug switches.
 */
public final class MockFormaeMain {

    /** The first word of the one line printed when the agent listens. */
    public static final String READY = "MOCK_FORMAE_READY";

    private MockFormaeMain() {}

    /** Runs the agent until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (AgentOptions.HelpRequested help) {
            System.out.print(AgentOptions.usage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("mock-formae: " + e.getMessage());
            System.exit(2);
            return;
        }
        CloudProcess ownCloud = null;
        java.net.URI cloudUri = options.cloud();
        if (cloudUri == null) {
            ownCloud = CloudProcess.start(
                    options.cloudArgs(), options.dataDir().resolve("log").resolve("cloud.out"), Duration.ofSeconds(60));
            cloudUri = ownCloud.uri();
        }
        Agent agent = new Agent(options, new CloudConnection(cloudUri));
        // Resume first, as Formae starts its metastructure before its API: no status query sees a half-loaded state.
        agent.start();
        ApiServer server = new ApiServer(agent, options.port(), options.readTimeout(), options.maxBodyBytes());
        server.start();
        CloudProcess cloudToStop = ownCloud;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            agent.close();
            if (cloudToStop != null) {
                cloudToStop.close();
            }
            stopped.countDown();
        }));
        System.out.println(READY + " http://127.0.0.1:" + server.port() + " data-dir=" + options.dataDir() + " cloud="
                + CloudConnection.redacted(cloudUri) + " bugs=" + agent.bugNames());
        System.out.flush();
        stopped.await();
    }
}

package dev.infraperf.mock.formae.cloud;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the simulated cloud as its own process, so that it outlives the agent:
 *
 * <pre>
 * java -cp mock-formae.jar dev.infraperf.mock.formae.cloud.SimulatedCloudMain --port 0 \
 *      [--data-file F] [--latency-scale X] [--rate-limit N/s] [--region R]
 * </pre>
 *
 * <p>When it listens it prints one line, {@value #READY_PREFIX}{@code http://127.0.0.1:<port>}, and
 * runs until the JVM is stopped (SIGTERM flushes the journal). Bad options exit with status 2.
 */
public final class SimulatedCloudMain {

    /** The start of the line printed once the cloud listens; the base URL follows. */
    public static final String READY_PREFIX = "SIMULATED_CLOUD_READY ";

    private static final String USAGE =
            """
            Usage: SimulatedCloudMain [--port P] [--data-file F] [--latency-scale X] [--rate-limit N/s] [--region R]
              --port P            TCP port on 127.0.0.1, 0 = a free one (default 0)
              --data-file F       journal file that keeps resources across restarts (default: memory only)
              --latency-scale X   factor on the default per-type latencies, 0 = instant (default 1.0)
              --rate-limit N/s    operations per second per namespace before HTTP 429, or off (default off)
              --region R          region for ARNs and quotas (default us-east-1)
            Prints "SIMULATED_CLOUD_READY <url>" when it listens. API: mock-formae/CLOUD-API.md""";

    private SimulatedCloudMain() {}

    public static void main(String[] args) throws InterruptedException {
        CloudOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("simulated cloud: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        SimulatedCloudServer server;
        try {
            server = SimulatedCloudServer.start(options);
        } catch (RuntimeException e) {
            System.err.println("simulated cloud: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "simulated-cloud-shutdown"));
        PrintStream out = System.out;
        out.println(READY_PREFIX + server.url());
        out.flush();
        stopped.await();
    }

    /** The options as picocli reads them; values are converted by {@link CloudOptions}' own rules. */
    @Command(name = "SimulatedCloudMain", sortOptions = false)
    static final class Line {
        @Option(names = "--port", paramLabel = "P")
        String port = "0";

        @Option(names = "--data-file", paramLabel = "F")
        Path dataFile;

        @Option(names = "--latency-scale", paramLabel = "X")
        String latencyScale = "1.0";

        @Option(names = "--rate-limit", paramLabel = "N/s")
        String rateLimit = "off";

        @Option(names = "--region", paramLabel = "R")
        String region = "us-east-1";

        @Option(
                names = {"--help", "-h"},
                usageHelp = true)
        boolean help;
    }

    /** Parses the command line; null means {@code --help}. */
    static CloudOptions parse(String[] args) {
        Line line = new Line();
        CommandLine commandLine = new CommandLine(line);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new IllegalArgumentException("[" + e.getUnmatched().get(0)
                    + "] is not an option; use --port, --data-file, --latency-scale, --rate-limit, --region or --help");
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (commandLine.isUsageHelpRequested()) {
            return null;
        }
        return CloudOptions.defaults()
                .withPort(integer("--port", line.port))
                .withDataFile(line.dataFile)
                .withLatencyScale(number("--latency-scale", line.latencyScale))
                .withRateLimit(CloudOptions.parseRate(line.rateLimit))
                .withRegion(line.region);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + value + "] is not a number for " + option + "; use an integer");
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + value + "] is not a number for " + option + "; use e.g. 0.5");
        }
    }
}

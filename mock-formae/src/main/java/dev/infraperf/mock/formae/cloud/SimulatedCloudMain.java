package dev.infraperf.mock.formae.cloud;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

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

    /** Parses the command line; null means {@code --help}. */
    static CloudOptions parse(String[] args) {
        CloudOptions options = CloudOptions.defaults().withLatencyScale(1.0);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--port":
                    options = options.withPort(integer(name, value));
                    break;
                case "--data-file":
                    options = options.withDataFile(Path.of(value));
                    break;
                case "--latency-scale":
                    options = options.withLatencyScale(number(name, value));
                    break;
                case "--rate-limit":
                    options = options.withRateLimit(CloudOptions.parseRate(value));
                    break;
                case "--region":
                    options = options.withRegion(value);
                    break;
                default:
                    throw new IllegalArgumentException("[" + arg
                            + "] is not an option; use --port, --data-file, --latency-scale, --rate-limit, --region"
                            + " or --help");
            }
        }
        return options;
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

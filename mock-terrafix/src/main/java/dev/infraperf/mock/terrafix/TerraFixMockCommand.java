package dev.infraperf.mock.terrafix;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar mock-terrafix.jar}: runs the mock until interrupted. Each flag falls back to the environment
 * variables the original server and its docker-compose file use, then to the default.
 */
@Command(
        name = "mock-terrafix",
        mixinStandardHelpOptions = true,
        version = "mock-terrafix 0.1.0",
        description = "TerraFix mock-mode webhook server with Redis or in-memory dedup.")
public final class TerraFixMockCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port (0 = free port). Env TERRAFIX_API_PORT. Default 8081.")
    Integer port;

    @Option(names = "--host", description = "Address to bind. Default 127.0.0.1.")
    String host = "127.0.0.1";

    @Option(
            names = "--latency-ms",
            description = "Processing latency in ms. Env TERRAFIX_MOCK_LATENCY_MS, MOCK_LATENCY_MS. Default 50.")
    Double latencyMs;

    @Option(names = "--jitter-ms", description = "Uniform jitter (+/-) in ms. Default 0.")
    Double jitterMs;

    @Option(
            names = "--failure-rate",
            description = "Simulated failure probability [0,1]. Env TERRAFIX_MOCK_FAILURE_RATE, MOCK_FAILURE_RATE.")
    Double failureRate;

    @Option(
            names = "--redis-url",
            description = "Redis for dedup, redis://host:port/db. Env REDIS_URL. Default: in-memory.")
    String redisUrl;

    @Option(
            names = "--retention-days",
            description = "TTL of dedup records in days (>= 1). Env STATE_RETENTION_DAYS. Default 7.")
    Double retentionDays;

    private final Map<String, String> env;

    TerraFixMockCommand(Map<String, String> env) {
        this.env = env;
    }

    /** Runs the server until the JVM is stopped; exits 2 on bad flags or environment values, 1 when start fails. */
    public static void main(String[] args) {
        // Netty (under Lettuce) would otherwise print JDK 24+'s sun.misc.Unsafe deprecation warning at start-up.
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
        quietLibraryLogging();
        int exit = run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** Parses and starts; returns the exit code, or 0 after the server stops. */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new TerraFixMockCommand(env));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            err.println("mock-terrafix: " + e.getMessage() + " (see --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                err.println("mock-terrafix: " + e.getMessage());
                return 2;
            }
            err.println("mock-terrafix: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        MockOptions options = options();
        RunningTerraFixMock mock = RunningTerraFixMock.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mock.close();
            stopped.countDown();
        }));
        ProcessingSettings settings = options.processingSettings();
        System.out.println(String.format(
                Locale.ROOT,
                "mock-terrafix ready on %s (dedup: %s, latency %s ms, jitter %s ms, failure rate %s, retention %s)",
                mock.uri(),
                mock.dedupStore(),
                trim(settings.latencyMs()),
                trim(settings.jitterMs()),
                trim(settings.failureRate()),
                options.retention().toSeconds() % 86_400 == 0
                        ? options.retention().toDays() + " days"
                        : options.retention().toSeconds() + " s"));
        System.out.flush();
        // stderr, so that the one ready line on stdout stays the contract
        for (String warning : mock.warnings()) {
            System.err.println("mock-terrafix: warning: " + warning);
        }
        System.err.flush();
        stopped.await();
        return 0;
    }

    MockOptions options() {
        int resolvedPort = port != null ? port : (int) envNumber("TERRAFIX_API_PORT", TerraFixMock.DEFAULT_PORT);
        double latency =
                latencyMs != null ? latencyMs : envNumber("TERRAFIX_MOCK_LATENCY_MS", envNumber("MOCK_LATENCY_MS", 50));
        double rate = failureRate != null
                ? failureRate
                : envNumber("TERRAFIX_MOCK_FAILURE_RATE", envNumber("MOCK_FAILURE_RATE", 0.0));
        double jitter = jitterMs != null ? jitterMs : 0.0;
        double days = retentionDays != null ? retentionDays : envNumber("STATE_RETENTION_DAYS", 7);
        String redis = redisUrl != null ? redisUrl : blankToNull(env.get("REDIS_URL"));
        check(
                latency >= 0 && latency <= ProcessingSettings.MAX_MS,
                "--latency-ms [" + trim(latency) + "] is outside [0, 600000]; use a number of ms up to 10 minutes");
        check(
                jitter >= 0 && jitter <= ProcessingSettings.MAX_MS,
                "--jitter-ms [" + trim(jitter) + "] is outside [0, 600000]; use a number of ms up to 10 minutes");
        check(rate >= 0 && rate <= 1, "--failure-rate [" + trim(rate) + "] is outside [0, 1]; use e.g. 0.05");
        check(days >= 1, "--retention-days [" + trim(days) + "] is below 1; use a number of days >= 1");
        check(
                resolvedPort >= 0 && resolvedPort <= 65535,
                "--port [" + resolvedPort + "] is out of range; use 0-65535 (0 = a free port)");
        return new MockOptions(
                host,
                resolvedPort,
                Duration.ofNanos((long) (latency * 1e6)),
                Duration.ofNanos((long) (jitter * 1e6)),
                rate,
                redis,
                Duration.ofSeconds((long) (days * 86_400)));
    }

    private double envNumber(String name, double fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("environment variable " + name + "=[" + value + "] is not a number");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String trim(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static void quietLibraryLogging() {
        // Helidon and Netty log start-up banners through JUL; the one line this command prints is the contract.
        Logger.getLogger("").setLevel(Level.WARNING);
        Logger.getLogger("io.helidon").setLevel(Level.WARNING);
    }
}

package dev.infraperf.mock.formae;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The agent's command line, parsed (picocli) and validated. */
record AgentOptions(
        int port,
        Path dataDir,
        URI cloud,
        Set<Bug> bugs,
        double rateLimit,
        Duration syncInterval,
        int maxConcurrency,
        Duration persistCallTimeout,
        Duration legacyStoreCostPerResource,
        List<String> cloudArgs,
        Duration readTimeout,
        long maxBodyBytes) {

    static final int DEFAULT_PORT = 49684;
    static final double DEFAULT_RATE_LIMIT = 2.0;
    static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMinutes(5);
    static final int DEFAULT_MAX_CONCURRENCY = 32;
    static final Duration DEFAULT_PERSIST_CALL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_LEGACY_STORE_COST = Duration.ofMillis(3);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;

    AgentOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port [" + port + "] is not a port; use 0..65535");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required; use --data-dir <directory>");
        }
        if (rateLimit < 0) {
            throw new IllegalArgumentException("--rate-limit [" + rateLimit + "] is negative; use <n>/s or off");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("--max-concurrency [" + maxConcurrency + "] must be at least 1");
        }
        if (readTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "--read-timeout [" + readTimeout + "] is below the JDK server's granularity; use at least 1s");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("--max-body-size [" + maxBodyBytes + "] must be at least 1 byte");
        }
        bugs = bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs);
        cloudArgs = List.copyOf(cloudArgs);
    }

    boolean has(Bug bug) {
        return bugs.contains(bug);
    }

    /**
     * The options as picocli reads them. Values stay strings here and are converted by this record's
     * parsers, whose messages name the option, the value and the accepted forms.
     */
    @Command(
            name = "java -jar mock-formae.jar",
            sortOptions = false,
            usageHelpWidth = 110,
            description = "A reference Formae agent speaking Formae's REST API v1 (/api/v1/...).%n")
    static final class Line {
        @Option(
                names = "--port",
                paramLabel = "N",
                description = "port on 127.0.0.1 (default 49684; 0 picks a free one)")
        String port = Integer.toString(DEFAULT_PORT);

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "SQLite database and log/formae.log live here (required)")
        Path dataDir;

        @Option(
                names = "--cloud",
                paramLabel = "URL",
                description = "a running simulated cloud; without it one is started as its own process and"
                        + " stopped with the agent")
        String cloud;

        @Option(
                names = "--bug",
                paramLabel = "NAME",
                split = ",",
                description = "bring back one documented bug (repeatable, comma-separated, see below)")
        List<String> bugs = new ArrayList<>();

        @Option(
                names = "--rate-limit",
                paramLabel = "2/s|off",
                description = "operations started per second per namespace (default 2/s)")
        String rateLimit = "2/s";

        @Option(
                names = "--sync-interval",
                paramLabel = "30s",
                description = "period of the synchronizer (default 5m; 0 or off = on demand)")
        String syncInterval = "5m";

        @Option(
                names = "--max-concurrency",
                paramLabel = "N",
                description = "cloud operations in flight at most (default 32)")
        String maxConcurrency = Integer.toString(DEFAULT_MAX_CONCURRENCY);

        @Option(
                names = "--persist-call-timeout",
                paramLabel = "5s",
                description = "call timeout of the store under --bug persist-timeout")
        String persistCallTimeout = "5s";

        @Option(
                names = "--legacy-store-cost",
                paramLabel = "3ms",
                description = "modeled per-resource store cost under --bug persist-timeout")
        String legacyStoreCost = "3ms";

        @Option(
                names = "--read-timeout",
                paramLabel = "30s",
                description = "time a request (headers and body) may take to arrive before its connection is"
                        + " closed (default 30s, at least 1s)")
        String readTimeout = "30s";

        @Option(
                names = "--max-body-size",
                paramLabel = "64MiB",
                description =
                        "largest request body accepted, larger ones get 413 (default 64MiB; bytes or" + " KiB|MiB|GiB)")
        String maxBodySize = "64MiB";

        @Option(
                names = "--cloud-arg",
                paramLabel = "ARG",
                description = "passed to the simulated cloud this agent starts (repeatable)")
        List<String> cloudArgs = new ArrayList<>();

        @Option(
                names = {"--help", "-h"},
                usageHelp = true,
                description = "this text")
        boolean help;
    }

    static String usage() {
        StringWriter text = new StringWriter();
        CommandLine line = commandLine(new Line());
        line.usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
        StringBuilder bugs = new StringBuilder("\nBug switches (all off by default):\n");
        for (Bug bug : Bug.values()) {
            bugs.append(String.format(Locale.ROOT, "  %-26s  %s%n", bug.switchName, bug.summary));
        }
        return text + bugs.toString();
    }

    private static CommandLine commandLine(Line line) {
        // Values such as "--latency-scale" for --cloud-arg are values, not unknown options.
        return new CommandLine(line).setUnmatchedOptionsAllowedAsOptionParameters(true);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} naming the bad option. */
    static AgentOptions parse(String... args) {
        Line line = new Line();
        CommandLine commandLine = commandLine(line);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown option [" + e.getUnmatched().get(0) + "]; see --help");
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "; see --help");
        }
        if (commandLine.isUsageHelpRequested()) {
            throw new HelpRequested();
        }
        List<String> bugNames = new ArrayList<>();
        for (String name : line.bugs) {
            if (!name.isBlank()) {
                bugNames.add(name.trim());
            }
        }
        return new AgentOptions(
                parseInt("--port", line.port),
                line.dataDir,
                line.cloud == null ? null : parseUri(line.cloud),
                Bug.fromSwitches(bugNames),
                parseRate(line.rateLimit),
                parseDuration("--sync-interval", line.syncInterval),
                parseInt("--max-concurrency", line.maxConcurrency),
                parseDuration("--persist-call-timeout", line.persistCallTimeout),
                parseDuration("--legacy-store-cost", line.legacyStoreCost),
                line.cloudArgs,
                parseDuration("--read-timeout", line.readTimeout),
                parseSize("--max-body-size", line.maxBodySize));
    }

    private static URI parseUri(String value) {
        try {
            return new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(
                    "--cloud [" + value + "] is not a URL; use http://127.0.0.1:<port> as the cloud prints it");
        }
    }

    /** {@code 2/s}, {@code 2}, {@code 0.5/s} or {@code off} (0 = no limit). */
    static double parseRate(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("off") || text.equals("none") || text.equals("0")) {
            return 0;
        }
        if (text.endsWith("/s")) {
            text = text.substring(0, text.length() - 2);
        }
        try {
            double rate = Double.parseDouble(text);
            if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--rate-limit [" + value + "] is not a rate; use <n>/s (like 2/s) or off");
        }
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} (decimals allowed), ISO-8601, or {@code off} (zero). */
    static Duration parseDuration(String option, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("off") || text.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (text.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            String unit;
            String number;
            if (text.endsWith("ms")) {
                unit = "ms";
                number = text.substring(0, text.length() - 2);
            } else {
                unit = text.substring(text.length() - 1);
                number = text.substring(0, text.length() - 1);
            }
            double amount = Double.parseDouble(number);
            if (amount < 0) {
                throw new NumberFormatException();
            }
            double millis =
                    switch (unit) {
                        case "ms" -> amount;
                        case "s" -> amount * 1_000;
                        case "m" -> amount * 60_000;
                        case "h" -> amount * 3_600_000;
                        default -> throw new NumberFormatException();
                    };
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    option + " [" + value + "] is not a duration; use <number>(ms|s|m|h) or ISO-8601 like PT5M");
        }
    }

    /** {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB} (also KB, MB, GB, k, m, g: powers of 1024). */
    static long parseSize(String option, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] suffix : new String[][] {
            {"kib", "1024"},
            {"mib", "1048576"},
            {"gib", "1073741824"},
            {"kb", "1024"},
            {"mb", "1048576"},
            {"gb", "1073741824"},
            {"k", "1024"},
            {"m", "1048576"},
            {"g", "1073741824"},
            {"b", "1"}
        }) {
            if (text.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                text = text.substring(0, text.length() - suffix[0].length());
                break;
            }
        }
        try {
            long amount = Long.parseLong(text);
            if (amount < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(amount, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    option + " [" + value + "] is not a size; use bytes or <n>KiB|MiB|GiB like 64MiB");
        }
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " [" + value + "] is not a whole number");
        }
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }
}

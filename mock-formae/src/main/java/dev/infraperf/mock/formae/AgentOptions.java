package dev.infraperf.mock.formae;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The agent's command line, parsed and validated. */
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
        List<String> cloudArgs) {

    static final int DEFAULT_PORT = 49684;
    static final double DEFAULT_RATE_LIMIT = 2.0;
    static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMinutes(5);
    static final int DEFAULT_MAX_CONCURRENCY = 32;
    static final Duration DEFAULT_PERSIST_CALL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_LEGACY_STORE_COST = Duration.ofMillis(3);

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
        bugs = bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs);
        cloudArgs = List.copyOf(cloudArgs);
    }

    boolean has(Bug bug) {
        return bugs.contains(bug);
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: java -jar mock-formae.jar --data-dir DIR [options]\n\n")
                .append("A reference Formae agent speaking Formae's REST API v1 (/api/v1/...).\n\n")
                .append("Options:\n")
                .append("  --port N                    port on 127.0.0.1 (default 49684; 0 picks a free one)\n")
                .append("  --data-dir DIR              SQLite database and log/formae.log live here (required)\n")
                .append("  --cloud URL                 a running simulated cloud; without it one is started\n")
                .append("                              as its own process and stopped with the agent\n")
                .append("  --bug NAME                  bring back one documented bug (repeatable, see below)\n")
                .append("  --rate-limit 2/s|off        operations started per second per namespace (default 2/s)\n")
                .append("  --sync-interval 30s         period of the synchronizer (default 5m; 0 or off = on demand)\n")
                .append("  --max-concurrency N         cloud operations in flight at most (default 32)\n")
                .append("  --persist-call-timeout 5s   call timeout of the store under --bug persist-timeout\n")
                .append("  --legacy-store-cost 3ms     modeled per-resource store cost under --bug persist-timeout\n")
                .append("  --cloud-arg ARG             passed to the simulated cloud this agent starts (repeatable)\n")
                .append("  --help                      this text\n\n")
                .append("Bug switches (all off by default):\n");
        for (Bug bug : Bug.values()) {
            text.append(String.format(Locale.ROOT, "  %-26s  %s%n", bug.switchName, bug.summary));
        }
        return text.toString();
    }

    /** Parses the command line; throws {@link IllegalArgumentException} naming the bad option. */
    static AgentOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Path dataDir = null;
        URI cloud = null;
        List<String> bugNames = new ArrayList<>();
        double rateLimit = DEFAULT_RATE_LIMIT;
        Duration syncInterval = DEFAULT_SYNC_INTERVAL;
        int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        Duration persistCallTimeout = DEFAULT_PERSIST_CALL_TIMEOUT;
        Duration legacyStoreCost = DEFAULT_LEGACY_STORE_COST;
        List<String> cloudArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String inlineValue = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                inlineValue = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            if (option.equals("--help") || option.equals("-h")) {
                throw new HelpRequested();
            }
            String value;
            if (inlineValue != null) {
                value = inlineValue;
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value; see --help");
                }
                value = args[++i];
            }
            switch (option) {
                case "--port" -> port = parseInt(option, value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--cloud" -> cloud = URI.create(value);
                case "--bug" -> {
                    for (String name : value.split(",")) {
                        if (!name.isBlank()) {
                            bugNames.add(name.trim());
                        }
                    }
                }
                case "--rate-limit" -> rateLimit = parseRate(value);
                case "--sync-interval" -> syncInterval = parseDuration(option, value);
                case "--max-concurrency" -> maxConcurrency = parseInt(option, value);
                case "--persist-call-timeout" -> persistCallTimeout = parseDuration(option, value);
                case "--legacy-store-cost" -> legacyStoreCost = parseDuration(option, value);
                case "--cloud-arg" -> cloudArgs.add(value);
                default -> throw new IllegalArgumentException("unknown option [" + option + "]; see --help");
            }
        }
        return new AgentOptions(
                port,
                dataDir,
                cloud,
                Bug.fromSwitches(bugNames),
                rateLimit,
                syncInterval,
                maxConcurrency,
                persistCallTimeout,
                legacyStoreCost,
                cloudArgs);
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
            if (rate < 0) {
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

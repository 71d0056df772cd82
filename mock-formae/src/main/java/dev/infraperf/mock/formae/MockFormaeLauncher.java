package dev.infraperf.mock.formae;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Starts mock-formae as real OS processes: the simulated cloud (unless {@link Builder#cloudUrl} names a
 * running one) and the agent, each with the current JVM and the current {@code java.class.path}, so it
 * works from tests and IDEs without the shaded jar. Killing and restarting the agent is real: the
 * cloud process keeps running, and the agent picks its state up from the SQLite database in the data
 * directory.
 *
 * <pre>{@code
 * try (RunningMockFormae formae = MockFormaeLauncher.builder()
 *         .dataDir(tempDir)
 *         .bugs(Set.of("reset-states-on-restart"))
 *         .rateLimit(0)
 *         .start()) {
 *     // POST formae.uri().resolve("/api/v1/commands") ...
 *     formae.kill();
 *     formae.restart();
 * }
 * }</pre>
 */
public final class MockFormaeLauncher {

    static final String AGENT_MAIN = "dev.infraperf.mock.formae.MockFormaeMain";

    private MockFormaeLauncher() {}

    /** A builder with Formae's defaults: no bug, rate limit 2 operations/s, sync every 5 minutes. */
    public static Builder builder() {
        return new Builder();
    }

    /** What to start; {@link #dataDir(Path)} is required. */
    public static final class Builder {
        private Path dataDir;
        private final Set<String> bugs = new LinkedHashSet<>();
        private double rateLimit = AgentOptions.DEFAULT_RATE_LIMIT;
        private URI cloudUrl;
        private Duration syncInterval = AgentOptions.DEFAULT_SYNC_INTERVAL;
        private int maxConcurrency = AgentOptions.DEFAULT_MAX_CONCURRENCY;
        private int port;
        private Duration persistCallTimeout = AgentOptions.DEFAULT_PERSIST_CALL_TIMEOUT;
        private Duration legacyStoreCost = AgentOptions.DEFAULT_LEGACY_STORE_COST;
        private final List<String> cloudArgs = new ArrayList<>();
        private Duration readTimeout = AgentOptions.DEFAULT_READ_TIMEOUT;
        private long maxBodyBytes = AgentOptions.DEFAULT_MAX_BODY_BYTES;
        private Duration startTimeout = Duration.ofSeconds(60);
        private List<String> jvmArgs = ChildProcess.DEFAULT_JVM_ARGS;

        private Builder() {}

        /** Where the agent keeps {@code data/formae.db} and {@code log/formae.log}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Bug switch names, as {@code --help} lists them (for example {@code persist-timeout}). */
        public Builder bugs(Set<String> bugs) {
            Bug.fromSwitches(bugs); // fail here, naming the switch, rather than in the child process
            this.bugs.clear();
            bugs.forEach(b -> this.bugs.add(b.trim().toLowerCase(Locale.ROOT)));
            return this;
        }

        /** Operations started per second per namespace; 0 switches the limiter off. */
        public Builder rateLimit(double opsPerSecond) {
            if (opsPerSecond < 0 || Double.isNaN(opsPerSecond)) {
                throw new IllegalArgumentException(
                        "rateLimit [" + opsPerSecond + "] must be >= 0 (operations per second, 0 = off)");
            }
            this.rateLimit = opsPerSecond;
            return this;
        }

        /** A simulated cloud already running; without it the launcher starts one as its own process. */
        public Builder cloudUrl(URI cloudUrl) {
            this.cloudUrl = cloudUrl;
            return this;
        }

        /** Period of the synchronizer; {@link Duration#ZERO} leaves only on-demand synchronization. */
        public Builder syncInterval(Duration syncInterval) {
            this.syncInterval = Objects.requireNonNull(syncInterval, "syncInterval");
            return this;
        }

        /** Cloud operations in flight at most (default 32). */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** The agent's port; 0 (default) picks a free one, kept across restarts. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Call timeout of the store under {@code persist-timeout} (default 5 s, as the original). */
        public Builder persistCallTimeout(Duration timeout) {
            this.persistCallTimeout = Objects.requireNonNull(timeout, "persistCallTimeout");
            return this;
        }

        /** Modeled per-resource store cost under {@code persist-timeout} (default 3 ms). */
        public Builder legacyStoreCost(Duration costPerResource) {
            this.legacyStoreCost = Objects.requireNonNull(costPerResource, "legacyStoreCost");
            return this;
        }

        /**
         * How long one request (headers and body) may take to arrive before the agent closes its
         * connection (default 30 s; whole seconds, at least 1).
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout, "readTimeout");
            return this;
        }

        /** The largest request body the agent accepts; larger ones get 413 (default 64 MiB). */
        public Builder maxBodySize(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Extra arguments for the simulated cloud process the launcher starts. */
        public Builder cloudArgs(List<String> args) {
            this.cloudArgs.clear();
            this.cloudArgs.addAll(args);
            return this;
        }

        /**
         * JVM options of the agent process, replacing the defaults ({@code -XX:+UseSerialGC -Xmx512m
         * -XX:TieredStopAtLevel=1}, chosen for fast starts and restarts).
         */
        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = List.copyOf(jvmArgs);
            return this;
        }

        /** How long to wait for each process to listen (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
            return this;
        }

        /** Starts the cloud (unless given) and the agent, and waits until both listen. */
        public RunningMockFormae start() {
            if (dataDir == null) {
                throw new IllegalStateException("MockFormaeLauncher: dataDir(Path) is required");
            }
            List<String> args = new ArrayList<>();
            args.add("--data-dir");
            args.add(dataDir.toAbsolutePath().toString());
            for (String bug : bugs) {
                args.add("--bug");
                args.add(bug);
            }
            args.add("--rate-limit");
            args.add(rateLimit == 0 ? "off" : rateLimit + "/s");
            args.add("--sync-interval");
            args.add(syncInterval.toMillis() + "ms");
            args.add("--max-concurrency");
            args.add(Integer.toString(maxConcurrency));
            args.add("--persist-call-timeout");
            args.add(persistCallTimeout.toMillis() + "ms");
            args.add("--legacy-store-cost");
            args.add(legacyStoreCost.toNanos() / 1_000_000.0 + "ms");
            if (!readTimeout.equals(AgentOptions.DEFAULT_READ_TIMEOUT)) {
                args.add("--read-timeout");
                args.add(readTimeout.toMillis() + "ms");
            }
            if (maxBodyBytes != AgentOptions.DEFAULT_MAX_BODY_BYTES) {
                args.add("--max-body-size");
                args.add(Long.toString(maxBodyBytes));
            }
            return RunningMockFormae.start(
                    dataDir.toAbsolutePath(), port, jvmArgs, args, cloudUrl, cloudArgs, startTimeout);
        }
    }
}

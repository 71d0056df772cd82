package dev.infraperf.distributed;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How a phase is spread over workers, read from {@code perf.*} configuration (system properties, {@code PERF_*}
 * environment variables, JUnit configuration parameters). Setting {@value #WORKERS_KEY} is what turns distribution
 * on; the test's code does not change.
 *
 * @param workers number of workers, at least 1
 * @param cluster {@code local} (child JVMs of the test) or {@code kubernetes} (an Indexed Job)
 * @param allowLostWorkers whether a phase that lost a worker passes with what the others and the lost one's
 *     collected intervals counted
 * @param startTimeout how long the workers may take to start and answer
 * @param answerTimeout how long a running worker may go without answering before it counts as lost
 * @param grace how long after the phase end the coordinator waits for the workers' final reports
 * @param logs directory for each worker's and the merged interval histogram log ({@code .hlog}); empty: a fresh
 *     directory under {@code java.io.tmpdir}
 * @param jvmArgs local workers: extra JVM options, space-separated
 * @param kubernetes the Kubernetes backend's settings
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DistributedSettings(
        int workers,
        String cluster,
        boolean allowLostWorkers,
        Duration startTimeout,
        Duration answerTimeout,
        Duration grace,
        Optional<Path> logs,
        String jvmArgs,
        KubernetesSettings kubernetes) {

    /** Number of worker JVMs a phase runs on; unset or 0: the test's own JVM. */
    public static final String WORKERS_KEY = "perf.load.workers";
    /** Where workers run: {@code local} (default) or {@code kubernetes}. */
    public static final String CLUSTER_KEY = "perf.load.cluster";
    /** {@code true}: a lost worker is reported but does not fail the test; default {@code false}. */
    public static final String ALLOW_LOST_KEY = "perf.load.allowLostWorkers";
    /** How long workers may take to start; default {@code 60s}. */
    public static final String START_TIMEOUT_KEY = "perf.load.workerStartTimeout";
    /** How long a running worker may stay silent before it is lost; default {@code 5s}. */
    public static final String ANSWER_TIMEOUT_KEY = "perf.load.workerTimeout";
    /** How long after the phase end the final reports are awaited; default {@code 15s}. */
    public static final String GRACE_KEY = "perf.load.workerGrace";
    /** Directory for the interval histogram logs of each worker and of the merge. */
    public static final String LOGS_KEY = "perf.load.workerLogs";
    /** Extra JVM options of local workers, space-separated, e.g. {@code -Xmx512m}. */
    public static final String JVM_ARGS_KEY = "perf.load.workerJvmArgs";

    public DistributedSettings {
        if (workers < 1) {
            throw new ConfigurationException(
                    "[" + workers + "] is not valid for " + WORKERS_KEY + "; use a number of workers >= 1");
        }
        if (!cluster.equals("local") && !cluster.equals("kubernetes")) {
            throw new ConfigurationException(
                    "[" + cluster + "] is not valid for " + CLUSTER_KEY + "; use local or kubernetes");
        }
        if (cluster.equals("kubernetes")) {
            kubernetes.requireImage();
        }
    }

    /** The settings of {@code config}; empty when {@value #WORKERS_KEY} is unset or 0. */
    public static Optional<DistributedSettings> from(PerfConfig config) {
        int workers = config.getInt(WORKERS_KEY, 0);
        if (workers == 0) {
            return Optional.empty();
        }
        return Optional.of(new DistributedSettings(
                workers,
                config.get(CLUSTER_KEY, "local").trim().toLowerCase(Locale.ROOT),
                config.getBoolean(ALLOW_LOST_KEY, false),
                config.getDuration(START_TIMEOUT_KEY, Duration.ofSeconds(60)),
                config.getDuration(ANSWER_TIMEOUT_KEY, Duration.ofSeconds(5)),
                config.getDuration(GRACE_KEY, Duration.ofSeconds(15)),
                config.get(LOGS_KEY).filter(s -> !s.isBlank()).map(Path::of),
                config.get(JVM_ARGS_KEY, ""),
                KubernetesSettings.from(config)));
    }

    /** These settings with another number of workers (tests, benchmarks). */
    public DistributedSettings withWorkers(int n) {
        return new DistributedSettings(
                n, cluster, allowLostWorkers, startTimeout, answerTimeout, grace, logs, jvmArgs, kubernetes);
    }
}
